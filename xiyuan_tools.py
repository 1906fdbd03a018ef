"""The functions the Excel buttons call (xlwings). The Excel front end is built in a later step;
this module stays thin: it reads sheets in bulk, calls the `xiyuan` package, writes back."""
