<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>AdoptionDialog</name>
        <message>
            <location filename="../../gui/reports_view.py" line="528" />
            <source>Adoption and instructions</source>
            <translation>采用与批示</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="538" />
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="538" />
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="538" />
            <source>Level</source>
            <translation>级别</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="539" />
            <source>Adopted by / leader</source>
            <translation>采用单位/批示领导</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="539" />
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="539" />
            <source>Recorded by</source>
            <translation>登记人</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="549" />
            <source>Adoption by a higher level</source>
            <translation>被上级采用</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="550" />
            <source>Leader's instruction</source>
            <translation>领导批示</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="553" />
            <source>e.g. 市政府办公厅《政务信息》, or 副市长 张某</source>
            <translation>如：市政府办公厅《政务信息》，或 副市长 张某</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="569" />
            <source>where it was printed, what the instruction says …</source>
            <translation>刊发载体、批示内容等……</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="570" />
            <source>Kind:</source>
            <translation>类型：</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="571" />
            <source>By:</source>
            <translation>采用单位/批示领导：</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="572" />
            <source>Level:</source>
            <translation>级别：</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="573" />
            <source>Date:</source>
            <translation>日期：</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="574" />
            <source>Note:</source>
            <translation>备注：</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="582" />
            <source>Record</source>
            <translation>登记</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="589" />
            <source>Only a submitted or published item can be adopted or draw an instruction.</source>
            <translation>只有已报送或已发布的信息才能登记采用或批示。</translation>
        </message>
    </context>
    <context>
        <name>ChartWidget</name>
        <message>
            <location filename="../../gui/reports_view.py" line="82" />
            <source>Nothing to show</source>
            <translation>暂无数据</translation>
        </message>
    </context>
    <context>
        <name>ReportsView</name>
        <message>
            <location filename="../../gui/reports_view.py" line="152" />
            <source>Weekly report</source>
            <translation>周报</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="152" />
            <source>Monthly report</source>
            <translation>月报</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="152" />
            <source>Quarterly report</source>
            <translation>季报</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="157" />
            <source>Pick a period or type one: 2026-W47 (ISO week), 2026-11 (month), 2026-Q4 (quarter)</source>
            <translation>选择或输入统计周期：2026-W47（ISO周）、2026-11（月）、2026-Q4（季度）</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="158" />
            <source>Preview</source>
            <translation>预览</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="159" />
            <source>Export to Excel…</source>
            <translation>导出 Excel…</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="161" />
            <source>Period:</source>
            <translation>统计周期：</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="182" />
            <source>Measure</source>
            <translation>指标</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="182" />
            <source>This period</source>
            <translation>本期</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="182" />
            <source>Previous period</source>
            <translation>上期</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="183" />
            <source>Change</source>
            <translation>增减</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="203" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="205" />
            <source>Open the file</source>
            <translation>打开文件</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="249" />
            <source> (not over yet)</source>
            <translation>（尚未结束）</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="311" />
            <source>Counting…</source>
            <translation>正在统计…</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="357" />
            <source>%+.1f pts</source>
            <translation>%+.1f个百分点</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="361" />
            <source>unchanged</source>
            <translation>持平</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="363" />
            <source> of %s</source>
            <translation>（满分%s分）</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="382" />
            <source>Items per day</source>
            <translation>每日信息量</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="382" />
            <source>Items per week</source>
            <translation>每周信息量</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="416" />
            <source>Save the report</source>
            <translation>保存报表</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="417" />
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="464" />
            <source>Writing %s …</source>
            <translation>正在写入 %s ……</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="479" />
            <source>Saved: %s</source>
            <translation>已保存：%s</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="489" />
            <source>Export cancelled; nothing was written.</source>
            <translation>已取消导出，未写入任何文件。</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="500" />
            <source>The export failed.</source>
            <translation>导出失败。</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="337" />
            <location filename="../../gui/reports_view.py" line="502" />
            <source>Reports</source>
            <translation>报表</translation>
        </message>
        <message>
            <location filename="../../gui/reports_view.py" line="508" />
            <source>Cancelling…</source>
            <translation>正在取消……</translation>
        </message>
    </context>
</TS>
