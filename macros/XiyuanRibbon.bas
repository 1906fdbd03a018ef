Attribute VB_Name = "XiyuanRibbon"
' The ribbon tab of the add-in: one callback per command. Each runs one function of
' xiyuan_tools.py on the workbook the clerk has open (not on the add-in). Keep this file ASCII.
Option Explicit

Sub OnValidateLedger(control As IRibbonControl)
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.validate_ledger(xiyuan_tools.active_book())"
End Sub

Sub OnFlagEnterprises(control As IRibbonControl)
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.flag_enterprises(xiyuan_tools.active_book())"
End Sub

Sub OnScheduleTests(control As IRibbonControl)
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.schedule_tests(xiyuan_tools.active_book())"
End Sub

Sub OnTodayTests(control As IRibbonControl)
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.today_tests(xiyuan_tools.active_book())"
End Sub

Sub OnEnterpriseNotices(control As IRibbonControl)
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.enterprise_notices(xiyuan_tools.active_book())"
End Sub

Sub OnPersonNotices(control As IRibbonControl)
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.person_notices(xiyuan_tools.active_book())"
End Sub

Sub OnCircularReport(control As IRibbonControl)
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.circular_report(xiyuan_tools.active_book())"
End Sub

Sub OnRefreshAll(control As IRibbonControl)
    If Not PythonReady() Then Exit Sub
    RunPython "import xiyuan_tools; xiyuan_tools.refresh_all(xiyuan_tools.active_book())"
End Sub
