"""Jobs: the daily refresh, its history and the every-morning timer."""
