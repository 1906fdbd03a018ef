Attribute VB_Name = "XiyuanButtons"
' One Sub per button on the sheet with the buttons. Each runs one function of xiyuan_tools.py
' (the Python file beside this workbook) through xlwings. Keep this file ASCII.
Option Explicit

Sub ValidateLedger()
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.validate_ledger()"
End Sub

Sub FlagEnterprises()
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.flag_enterprises()"
End Sub

Sub ScheduleTests()
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.schedule_tests()"
End Sub

Sub TodayTests()
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.today_tests()"
End Sub

Sub EnterpriseNotices()
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.enterprise_notices()"
End Sub

Sub PersonNotices()
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.person_notices()"
End Sub

Sub CircularReport()
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.circular_report()"
End Sub

Sub RefreshAll()
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.refresh_all()"
End Sub

