<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../../gui/signoff_view.py" line="475"/>
        <source>Signed off</source>
        <translation>已签发</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../gui/app.py" line="93"/>
        <source>Updating the database for this version of InfoDesk. This is done once and may take a minute for a large database; please wait.</source>
        <translation>正在为新版本升级数据库。只需进行一次，数据较多时可能需要约一分钟，请稍候。</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="100"/>
        <source>InfoDesk</source>
        <translation>政务信息报送助手</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="118"/>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="129"/>
        <source>Nothing was restored: the database is as it was.

{error}</source>
        <translation>没有恢复：数据库保持原样。

{error}</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="133"/>
        <source>Restored from {file}: {items} items, {entries} audit entries, {blobs} attachments.</source>
        <translation>已从 {file} 恢复：{items} 条信息、{entries} 条审计记录、{blobs} 个附件。</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="137"/>
        <source>The database as it was before is kept in {path}.</source>
        <translation>恢复前的数据库已另存为 {path}。</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="140"/>
        <source>Warning: {n} attachments the restored items refer to are not in the store.</source>
        <translation>警告：恢复的信息引用的 {n} 个附件不在附件库中。</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="143"/>
        <source>Sign in again to go on.</source>
        <translation>请重新登录后继续。</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="148"/>
        <location filename="../../gui/app.py" line="177"/>
        <source>InfoDesk cannot start</source>
        <translation>InfoDesk 无法启动</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location filename="../../gui/history_view.py" line="49"/>
        <source>created</source>
        <translation>起草</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="50"/>
        <source>edited</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="51"/>
        <source>self-reviewed</source>
        <translation>自查</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="52"/>
        <source>exported</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="53"/>
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="63"/>
        <source>reason: {r}</source>
        <translation>原因：{r}</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="65"/>
        <source>comment: {c}</source>
        <translation>意见：{c}</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="67"/>
        <source>version {n}</source>
        <translation>第 {n} 版</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="69"/>
        <source>content {h}</source>
        <translation>内容 {h}</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="74"/>
        <source>sign-off voided</source>
        <translation>签发作废</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="96"/>
        <source>entry {seq}, hash {h}</source>
        <translation>第 {seq} 条记录，哈希 {h}</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="105"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="105"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="105"/>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="106"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>BulkResultDialog</name>
    <message>
        <location filename="../../gui/signoff_view.py" line="431"/>
        <source>Sign-off results</source>
        <translation>签发结果</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="433"/>
        <source>{ok} of {n} items signed off.</source>
        <translation>{n} 条信息中已签发 {ok} 条。</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="437"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="437"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="437"/>
        <source>Detail</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="439"/>
        <source>Signed off</source>
        <translation>已签发</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="439"/>
        <source>Not signed off</source>
        <translation>未签发</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="447"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ColumnFreshnessModel</name>
    <message>
        <location filename="../../gui/columns_view.py" line="36"/>
        <source>fresh</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="36"/>
        <source>due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="36"/>
        <source>stale</source>
        <translation>未及时更新</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="37"/>
        <source>empty</source>
        <translation>空白</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="59"/>
        <source>— / {i}</source>
        <translation>— / {i}</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="60"/>
        <source>{d} / {i}</source>
        <translation>{d} / {i}</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="67"/>
        <source>Days since the last update / days allowed between updates</source>
        <translation>距上次更新的天数 / 允许的最长更新间隔天数</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="70"/>
        <source>Nothing was ever submitted or published in this column.</source>
        <translation>此栏目从未报送或发布过信息。</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="72"/>
        <source>Not updated for {d} days; at most {i} days allowed.</source>
        <translation>已 {d} 天未更新，最多允许 {i} 天。</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="75"/>
        <source>Update it by {date}.</source>
        <translation>请于 {date} 前更新。</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="76"/>
        <source>Updated {d} days ago.</source>
        <translation>{d} 天前更新。</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="94"/>
        <source>Column</source>
        <translation>栏目</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="94"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="94"/>
        <source>Update rule</source>
        <translation>更新频率</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="95"/>
        <source>Last update</source>
        <translation>最近更新</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="95"/>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="96"/>
        <source>Fresh until</source>
        <translation>有效至</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="96"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ColumnsView</name>
    <message>
        <location filename="../../gui/columns_view.py" line="123"/>
        <source>All columns</source>
        <translation>全部栏目</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="127"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="154"/>
        <source>Column deadlines are not installed in this build.</source>
        <translation>此版本未安装栏目时限功能。</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="163"/>
        <source>Health of the unit’s columns</source>
        <translation>本单位栏目健康状况</translation>
    </message>
    <message>
        <location filename="../../gui/columns_view.py" line="177"/>
        <source>{n} columns: {stale} stale, {soon} due soon, {empty} empty, {fresh} fresh.</source>
        <translation>共 {n} 个栏目：{stale} 个未及时更新，{soon} 个即将到期，{empty} 个空白，{fresh} 个正常。</translation>
    </message>
</context>
<context>
    <name>DueDialog</name>
    <message>
        <location filename="../../gui/main_window.py" line="285"/>
        <source>Due today and overdue</source>
        <translation>今日到期与逾期</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="289"/>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="289"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="289"/>
        <source>Column rule</source>
        <translation>栏目时限规则</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="289"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="290"/>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="313"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../gui/login_dialog.py" line="92"/>
        <source>Welcome to InfoDesk</source>
        <translation>欢迎使用 InfoDesk</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="95"/>
        <source>This database has nobody in it yet. Enter your unit and yourself; more people can be added later under Settings.</source>
        <translation>此数据库中还没有人员。请填写您的单位和您本人；其他人员以后可以在“设置”中添加。</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="99"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="103"/>
        <source>e.g. 市政务服务数据管理局</source>
        <translation>例如：市政务服务数据管理局</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="109"/>
        <source>Unit name:</source>
        <translation>单位名称：</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="110"/>
        <source>Short name:</source>
        <translation>简称：</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="111"/>
        <source>Receiving mailbox:</source>
        <translation>报送邮箱：</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="113"/>
        <source>You</source>
        <translation>您本人</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="127"/>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="128"/>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="129"/>
        <source>Password:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="130"/>
        <source>Repeat the password:</source>
        <translation>再次输入口令：</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="139"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="140"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="149"/>
        <source>Enter the unit&apos;s name.</source>
        <translation>请输入单位名称。</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="151"/>
        <source>Enter your name.</source>
        <translation>请输入您的姓名。</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="153"/>
        <source>A password needs at least {n} characters.</source>
        <translation>口令至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="155"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../gui/history_view.py" line="150"/>
        <source>Compare version</source>
        <translation>比较版本</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="152"/>
        <source>with</source>
        <translation>与</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="172"/>
        <source>{n} versions</source>
        <translation>共 {n} 个版本</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="181"/>
        <source>v{n} · {time} · {who} · {state}</source>
        <translation>第 {n} 版 · {time} · {who} · {state}</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="202"/>
        <source>No versions saved.</source>
        <translation>没有保存的版本。</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="211"/>
        <source>Version {n}:</source>
        <translation>第 {n} 版：</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="213"/>
        <source>From version {a} to version {b}:</source>
        <translation>从第 {a} 版到第 {b} 版：</translation>
    </message>
    <message>
        <location filename="../../gui/history_view.py" line="214"/>
        <source>The two versions have the same content.</source>
        <translation>两个版本内容相同。</translation>
    </message>
</context>
<context>
    <name>HolidaysPage</name>
    <message>
        <location filename="../../gui/holidays_page.py" line="46"/>
        <source>Working-day deadlines (such as 7 working days) need each year&apos;s public holidays and make-up working days. Where each year&apos;s schedule comes from:</source>
        <translation>按工作日计算的时限（如“7个工作日内”）需要每年的法定节假日和调休上班日。各年份工作日安排的来源：</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="53"/>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="53"/>
        <source>Working days from</source>
        <translation>工作日依据</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="53"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="65"/>
        <source>Import a holiday file…</source>
        <translation>导入节假日文件…</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="72"/>
        <source>Edit a year</source>
        <translation>编辑某一年</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="81"/>
        <source>Year:</source>
        <translation>年份：</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="84"/>
        <source>the State Council&apos;s notice, e.g. 国办发明电〔2026〕N号</source>
        <translation>国务院办公厅通知，如 国办发明电〔2026〕N号</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="85"/>
        <source>Source:</source>
        <translation>依据：</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="94"/>
        <source>Date (YYYY-MM-DD)</source>
        <translation>日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="94"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="94"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="102"/>
        <source>Add a day</source>
        <translation>添加一天</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="105"/>
        <source>Remove the day</source>
        <translation>删除所选日期</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="108"/>
        <source>Save the year</source>
        <translation>保存该年安排</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="145"/>
        <source>A holiday file that cannot be used</source>
        <translation>节假日文件无法使用</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="147"/>
        <source>Holiday file</source>
        <translation>节假日文件</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="149"/>
        <location filename="../../gui/holidays_page.py" line="252"/>
        <source>chinesecalendar package</source>
        <translation>chinesecalendar 软件包</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="150"/>
        <source>The State Council&apos;s schedule as published, built into the program.</source>
        <translation>程序内置的国务院公布的节假日安排。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="151"/>
        <source>Weekends only</source>
        <translation>仅周末</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="152"/>
        <source>No holiday schedule: public holidays and make-up working days are not counted, so working-day deadlines may be wrong. Import the year&apos;s holiday file.</source>
        <translation>没有节假日安排：不计入法定节假日和调休上班日，按工作日计算的时限可能有误。请导入该年的节假日文件。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="164"/>
        <source>{year}: {details}</source>
        <translation>{year} 年：{details}</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="200"/>
        <location filename="../../gui/holidays_page.py" line="212"/>
        <source>Import a holiday file</source>
        <translation>导入节假日文件</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="201"/>
        <source>Holiday files (*.toml)</source>
        <translation>节假日文件 (*.toml)</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="207"/>
        <location filename="../../gui/holidays_page.py" line="220"/>
        <location filename="../../gui/holidays_page.py" line="222"/>
        <source>The holiday file was not imported; nothing was changed.</source>
        <translation>节假日文件未导入，未作任何更改。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="213"/>
        <source>{year} already has a holiday file ({path}). Replace it with {file}?</source>
        <translation>{year} 年已有节假日文件（{path}）。要用 {file} 替换吗？</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="223"/>
        <location filename="../../gui/holidays_page.py" line="366"/>
        <source>Cannot write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="225"/>
        <source>{year}: the holiday file was imported to {path} ({holidays} holidays, {workdays} make-up working days).</source>
        <translation>{year} 年：节假日文件已导入到 {path}（{holidays} 个节假日，{workdays} 个调休上班日）。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="247"/>
        <source>Editing the holiday file {path}.</source>
        <translation>正在编辑节假日文件 {path}。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="249"/>
        <source>Saving writes your own copy to {folder}.</source>
        <translation>保存时将在 {folder} 中写入本单位自己的副本。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="254"/>
        <source>These are the package&apos;s dates. Saving makes a holiday file for {year} that is used instead of the package (for a schedule changed during the year).</source>
        <translation>以下是软件包中的日期。保存后将生成 {year} 年的节假日文件，并取代软件包的安排（用于年中调整的安排）。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="259"/>
        <source>{year} has no schedule yet: add its holidays and make-up working days from the State Council&apos;s notice, then save.</source>
        <translation>{year} 年还没有节假日安排：请按国务院办公厅通知添加该年的节假日和调休上班日，然后保存。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="285"/>
        <source>The changes to {year} are not saved. Discard them and show {other}?</source>
        <translation>对 {year} 年的修改尚未保存。要放弃这些修改并显示 {other} 年吗？</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="299"/>
        <source>Holiday (day off)</source>
        <translation>节假日（休息）</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="300"/>
        <source>Make-up working day</source>
        <translation>调休上班日</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="334"/>
        <source>Row {row}: enter a date (YYYY-MM-DD).</source>
        <translation>第 {row} 行：请填写日期（YYYY-MM-DD）。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="339"/>
        <source>Row {row}: “{text}” is not a date; write it as YYYY-MM-DD.</source>
        <translation>第 {row} 行：“{text}”不是日期，请按 YYYY-MM-DD 填写。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="342"/>
        <source>Row {row}: {day} is not in {year}.</source>
        <translation>第 {row} 行：{day} 不在 {year} 年内。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="347"/>
        <source>Row {row}: {day} is listed both as a holiday and as a make-up working day.</source>
        <translation>第 {row} 行：{day} 既被列为节假日又被列为调休上班日。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="360"/>
        <source>Add at least one holiday or make-up working day for {year}.</source>
        <translation>请为 {year} 年至少添加一个节假日或调休上班日。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="363"/>
        <location filename="../../gui/holidays_page.py" line="365"/>
        <source>The year was not saved; nothing was changed.</source>
        <translation>该年安排未保存，未作任何更改。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="368"/>
        <source>{year}: saved to {path} ({holidays} holidays, {workdays} make-up working days).</source>
        <translation>{year} 年：已保存到 {path}（{holidays} 个节假日，{workdays} 个调休上班日）。</translation>
    </message>
    <message>
        <location filename="../../gui/holidays_page.py" line="284"/>
        <location filename="../../gui/holidays_page.py" line="392"/>
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
</context>
<context>
    <name>ItemTableModel</name>
    <message>
        <location filename="../../gui/item_model.py" line="198"/>
        <source>(no rule)</source>
        <translation>（无时限规则）</translation>
    </message>
    <message>
        <location filename="../../gui/item_model.py" line="199"/>
        <source>(no column)</source>
        <translation>（未选栏目）</translation>
    </message>
    <message>
        <location filename="../../gui/item_model.py" line="202"/>
        <source>Overdue: was due {due}</source>
        <translation>已逾期：应于 {due} 前完成</translation>
    </message>
    <message>
        <location filename="../../gui/item_model.py" line="204"/>
        <source>Due soon: due {due}</source>
        <translation>即将到期：{due} 截止</translation>
    </message>
    <message>
        <location filename="../../gui/item_model.py" line="206"/>
        <source>Due {due}</source>
        <translation>{due} 截止</translation>
    </message>
    <message>
        <location filename="../../gui/item_model.py" line="206"/>
        <source>No deadline</source>
        <translation>无时限</translation>
    </message>
    <message>
        <location filename="../../gui/item_model.py" line="207"/>
        <source>Rule of the column “{column}”: {rule}</source>
        <translation>栏目“{column}”的时限规则：{rule}</translation>
    </message>
    <message>
        <location filename="../../gui/item_model.py" line="260"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../gui/item_model.py" line="261"/>
        <source>Column</source>
        <translation>栏目</translation>
    </message>
    <message>
        <location filename="../../gui/item_model.py" line="262"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../gui/item_model.py" line="263"/>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../../gui/item_model.py" line="264"/>
        <source>Event date</source>
        <translation>信息发生日期</translation>
    </message>
    <message>
        <location filename="../../gui/item_model.py" line="265"/>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <location filename="../../gui/item_model.py" line="266"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../gui/login_dialog.py" line="34"/>
        <source>Who is working?</source>
        <translation>谁在使用？</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="40"/>
        <source>InfoDesk</source>
        <translation>InfoDesk 政务信息报送助手</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="40"/>
        <source>Choose your name:</source>
        <translation>请选择您的姓名：</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="57"/>
        <source>Start</source>
        <translation>开始工作</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="58"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="342"/>
        <source>Workbench</source>
        <extracomment>a backup file the program restores once this window has closed (``restore_backup``) open a new window for the same user once this one has closed (a new language)</extracomment>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="388"/>
        <source>&amp;New item</source>
        <translation>新建信息(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="389"/>
        <source>Write a new item</source>
        <translation>起草一条新信息</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="390"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="391"/>
        <source>Save the item being edited</source>
        <translation>保存正在编辑的信息</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="392"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="393"/>
        <source>Export the selected items (Word, e-mail, package)</source>
        <translation>导出所选信息（Word、电子邮件、交换包）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="394"/>
        <source>Send by e-&amp;mail…</source>
        <translation>通过邮件发送(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="395"/>
        <source>Send the selected signed-off items to the portal&apos;s mailbox over SMTP, with a delivery log</source>
        <translation>通过 SMTP 将所选已签发信息发送到网站报送邮箱，并记录发送日志</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="396"/>
        <source>&amp;Import package…</source>
        <translation>导入交换包(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="397"/>
        <source>Import an exchange package (.infopkg)</source>
        <translation>导入交换包（.infopkg）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="398"/>
        <source>New item from a &amp;Word file…</source>
        <translation>从 Word 文件新建信息(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="399"/>
        <source>Start a draft from a .docx file</source>
        <translation>从 .docx 文件起草信息</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="400"/>
        <source>&amp;Back up the database…</source>
        <translation>备份数据库(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="401"/>
        <source>Write a backup of the database and its attachments</source>
        <translation>备份数据库及其附件</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="402"/>
        <source>&amp;Restore from a backup…</source>
        <translation>从备份恢复(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="403"/>
        <source>Replace the database by a backup (the current one is kept as a backup first)</source>
        <translation>用备份替换数据库（当前数据库会先另存为备份）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="404"/>
        <source>&amp;Close tab</source>
        <translation>关闭标签页(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="406"/>
        <source>S&amp;witch user…</source>
        <translation>切换用户(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="407"/>
        <source>Work as another person of the unit</source>
        <translation>以本单位其他人员身份工作</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="408"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="409"/>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="410"/>
        <source>Search titles and text</source>
        <translation>搜索标题和正文</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="411"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="412"/>
        <source>Read the list and counts again</source>
        <translation>重新读取列表和数量</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="413"/>
        <source>&amp;Workbench</source>
        <translation>工作台(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="414"/>
        <source>&amp;Columns and deadlines</source>
        <translation>栏目与时限(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="415"/>
        <source>How fresh each column is, and the unit&apos;s health</source>
        <translation>各栏目的更新情况和本单位的健康状况</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="416"/>
        <source>&amp;Reports</source>
        <translation>报表(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="417"/>
        <source>Weekly and monthly reports</source>
        <translation>周报和月报</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="418"/>
        <source>&amp;Due today and overdue…</source>
        <translation>今日到期与逾期(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="419"/>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="419"/>
        <source>Open the selected item</source>
        <translation>打开所选信息</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="420"/>
        <source>&amp;History</source>
        <translation>历史记录(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="421"/>
        <source>Who did what, when; versions and their differences</source>
        <translation>谁在何时做了什么；各版本及其差异</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="422"/>
        <source>&amp;Sign off selected…</source>
        <translation>签发所选(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="423"/>
        <source>Sign off the selected items (your password confirms it)</source>
        <translation>签发所选信息（用您的口令确认）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="424"/>
        <source>Re&amp;turn…</source>
        <translation>退回(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="425"/>
        <source>Return the item to its author with a reason</source>
        <translation>附上原因将信息退回给起草人</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="426"/>
        <source>Re&amp;call from the queue</source>
        <translation>从待签发中收回(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="427"/>
        <source>Mark as su&amp;bmitted</source>
        <translation>标记为已报送(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="428"/>
        <source>Record that the item was sent to the portal</source>
        <translation>记录此信息已报送门户网站</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="429"/>
        <source>Mark as &amp;published…</source>
        <translation>标记为已发布(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="430"/>
        <source>Record the date and address where the item was published</source>
        <translation>记录信息的发布日期和网址</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="431"/>
        <source>&amp;Withdraw…</source>
        <translation>撤回(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="432"/>
        <source>Record &amp;adoption or instruction…</source>
        <translation>登记采用或批示(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="433"/>
        <source>Record that a higher level adopted the item (采用) or a leader gave an instruction (批示)</source>
        <translation>登记该信息被上级采用或获领导批示</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="434"/>
        <source>Re&amp;open</source>
        <translation>重新打开(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="435"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="436"/>
        <source>Change my &amp;password…</source>
        <translation>修改我的口令(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="437"/>
        <source>&amp;About InfoDesk</source>
        <translation>关于 InfoDesk(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="451"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="452"/>
        <source>New item of type</source>
        <translation>按类型新建信息</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="462"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="464"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="467"/>
        <source>&amp;Item</source>
        <translation>信息(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="471"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="475"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="479"/>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="500"/>
        <source>E&amp;xchange</source>
        <translation>交换(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="503"/>
        <source>Export items for sign-off…</source>
        <translation>导出待签发包…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="505"/>
        <source>Pack the selected queued items for a supervisor who works on another computer</source>
        <translation>为在另一台电脑上工作的分管领导打包所选待签发信息</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="506"/>
        <source>Send back sign-off results…</source>
        <translation>发回签发结果…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="508"/>
        <source>Pack your sign-offs and returns for the officers</source>
        <translation>为信息员打包您的签发和退回结果</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="509"/>
        <source>Export my identity card…</source>
        <translation>导出我的身份卡…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="511"/>
        <source>Resolve conflicts…</source>
        <translation>处理冲突…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="538"/>
        <source>(in memory)</source>
        <translation>（内存数据库）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="539"/>
        <source>Database: {path}</source>
        <translation>数据库：{path}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="545"/>
        <source>Current user; click to switch</source>
        <translation>当前用户；点击切换</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="549"/>
        <source>InfoDesk — Government Information Submission Assistant</source>
        <translation>InfoDesk 政务信息报送助手</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="677"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="678"/>
        <source>“{title}” has unsaved changes. Save them?</source>
        <translation>“{title}”有未保存的修改。要保存吗？</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="680"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="681"/>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="682"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="732"/>
        <location filename="../../gui/main_window.py" line="770"/>
        <location filename="../../gui/main_window.py" line="781"/>
        <location filename="../../gui/main_window.py" line="917"/>
        <location filename="../../gui/main_window.py" line="929"/>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="754"/>
        <source>Signed off.</source>
        <translation>已签发。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="754"/>
        <source>Returned to the author.</source>
        <translation>已退回起草人。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="788"/>
        <location filename="../../gui/main_window.py" line="792"/>
        <source>New item</source>
        <translation>新建信息</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="788"/>
        <location filename="../../gui/main_window.py" line="891"/>
        <source>The editor is not installed in this build.</source>
        <translation>此版本未安装编辑器。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="821"/>
        <source>History: {title}</source>
        <translation>历史：{title}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="832"/>
        <source>Columns and deadlines</source>
        <translation>栏目与时限</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="841"/>
        <location filename="../../gui/main_window.py" line="844"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="841"/>
        <source>Reports are not installed in this build.</source>
        <translation>此版本未安装报表功能。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="856"/>
        <location filename="../../gui/main_window.py" line="875"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="856"/>
        <source>Exports are not installed in this build.</source>
        <translation>此版本未安装导出功能。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="876"/>
        <source>The item has unsaved changes. Save before exporting?</source>
        <translation>此信息有未保存的修改。导出前先保存吗？</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="883"/>
        <location filename="../../gui/main_window.py" line="891"/>
        <location filename="../../gui/main_window.py" line="1269"/>
        <location filename="../../gui/main_window.py" line="1279"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="883"/>
        <source>Exchange packages are not installed in this build.</source>
        <translation>此版本未安装交换包功能。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="896"/>
        <source>Import a Word file</source>
        <translation>导入 Word 文件</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="897"/>
        <source>Word documents (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="920"/>
        <source>Restore unsaved work</source>
        <translation>恢复未保存的内容</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="921"/>
        <source>InfoDesk was not closed properly. Unsaved text of {n} items was kept:
{titles}

Open it to check and save?</source>
        <translation>InfoDesk 上次未正常关闭，已保留 {n} 条信息未保存的内容：
{titles}

现在打开检查并保存吗？</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="951"/>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="951"/>
        <source>The backup was written to {path}.</source>
        <translation>备份已写入 {path}。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="956"/>
        <location filename="../../gui/main_window.py" line="1017"/>
        <source>Backing up</source>
        <translation>正在备份</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="965"/>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="970"/>
        <source>Save or close the items being edited first.</source>
        <translation>请先保存或关闭正在编辑的信息。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="980"/>
        <source>InfoDesk backups (*.infodesk-backup);;InfoDesk databases (*.sqlite3 *.db);;All files (*)</source>
        <translation>政务信息报送助手备份 (*.infodesk-backup);;政务信息报送助手数据库 (*.sqlite3 *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="985"/>
        <source>Replace the database {db} by the backup {file}?

The whole backup is checked first; the database as it is now is kept as a backup. The window closes and you sign in again afterwards.</source>
        <translation>用备份 {file} 替换数据库 {db}？

恢复前会先完整检查备份；当前数据库会另存为备份。窗口将关闭，恢复后请重新登录。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1009"/>
        <source>Today&apos;s backup: {path}</source>
        <translation>今日备份：{path}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1014"/>
        <source>The automatic backup failed: {error}</source>
        <translation>自动备份失败：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1057"/>
        <source>Mark as published</source>
        <translation>标记为已发布</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1058"/>
        <source>Address (URL) where it was published:</source>
        <translation>发布的网址（URL）：</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1067"/>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1068"/>
        <source>Why is it withdrawn? (kept in the record)</source>
        <translation>撤回原因（记入记录）：</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1130"/>
        <source>Imported {file}: {summary}</source>
        <translation>已导入 {file}：{summary}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1172"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1173"/>
        <source>Reopen the window now to show the new language? Unsaved edits are asked about first.</source>
        <translation>现在重新打开窗口以显示新的界面语言吗？如有未保存的修改，会先询问您。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1188"/>
        <source>About InfoDesk</source>
        <translation>关于 InfoDesk</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1189"/>
        <source>&lt;b&gt;InfoDesk — Government Information Submission Assistant&lt;/b&gt;&lt;br&gt;Drafting, confidentiality review, sign-off and export of items for the unit&apos;s columns on the government portal.</source>
        <translation>&lt;b&gt;InfoDesk 政务信息报送助手&lt;/b&gt;&lt;br&gt;为本单位在政府门户网站上的栏目采编信息、进行保密审查、签发和报送。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1208"/>
        <source>&lt;b&gt;{n}&lt;/b&gt; items await your sign-off.</source>
        <translation>有 &lt;b&gt;{n}&lt;/b&gt; 条信息等待您签发。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1209"/>
        <source>Show them</source>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1223"/>
        <source>&lt;b&gt;{n}&lt;/b&gt; overdue</source>
        <translation>&lt;b&gt;{n}&lt;/b&gt; 条已逾期</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1225"/>
        <source>&lt;b&gt;{n}&lt;/b&gt; due today</source>
        <translation>&lt;b&gt;{n}&lt;/b&gt; 条今天到期</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1226"/>
        <source>Deadlines: {list}.</source>
        <translation>时限提醒：{list}。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1226"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1229"/>
        <source>Most urgent: “{title}”.</source>
        <translation>最紧急：“{title}”。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1230"/>
        <source>Show the list</source>
        <translation>查看清单</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1270"/>
        <source>Exchange packages are not installed in this build; cannot import {files}.</source>
        <translation>此版本未安装交换包功能，无法导入 {files}。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1279"/>
        <source>InfoDesk cannot import {files}.</source>
        <translation>InfoDesk 无法导入 {files}。</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../gui/password_dialog.py" line="29"/>
        <source>Confirm with your password</source>
        <translation>用口令确认</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="30"/>
        <source>Set your password</source>
        <translation>设置口令</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="31"/>
        <source>Change your password</source>
        <translation>修改口令</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="38"/>
        <source>Enter the password of {name}.</source>
        <translation>请输入 {name} 的口令。</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="40"/>
        <source>{name} has no password yet. Set one now: it confirms your sign-offs and returns, so that nobody else can take them in your name.</source>
        <translation>{name} 还没有口令。请现在设置：签发和退回都要用它确认，以免他人冒用您的名义。</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="44"/>
        <source>Change the password of {name}.</source>
        <translation>修改 {name} 的口令。</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="51"/>
        <source>Current password:</source>
        <translation>当前口令：</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="52"/>
        <source>Password:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="52"/>
        <source>New password:</source>
        <translation>新口令：</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="54"/>
        <source>Repeat the new password:</source>
        <translation>再次输入新口令：</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="63"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="64"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="92"/>
        <source>Enter a password.</source>
        <translation>请输入口令。</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="95"/>
        <source>A password needs at least {n} characters.</source>
        <translation>口令至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="97"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="125"/>
        <source>Wrong password. Try again.</source>
        <translation>口令错误，请重试。</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="131"/>
        <source>Wrong password</source>
        <translation>口令错误</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="132"/>
        <source>The password was wrong {n} times; nothing was done.</source>
        <translation>口令错误 {n} 次，未执行任何操作。</translation>
    </message>
    <message>
        <location filename="../../gui/password_dialog.py" line="147"/>
        <source>The password was changed.</source>
        <translation>口令已修改。</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <location filename="../../gui/settings_dialog.py" line="40"/>
        <source>Edit person</source>
        <extracomment>QSettings key of the exchange folder watched on this computer.</extracomment>
        <translation>编辑人员</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="40"/>
        <source>Add a person</source>
        <translation>添加人员</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="52"/>
        <source>Active in this unit</source>
        <translation>在本单位在岗</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="58"/>
        <source>optional: they can set it on first sign-off</source>
        <translation>可选：本人首次签发时也可自行设置</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="59"/>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="60"/>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="61"/>
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="62"/>
        <source>E-mail:</source>
        <translation>电子邮件：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="65"/>
        <source>Initial password:</source>
        <translation>初始口令：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="78"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="79"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="91"/>
        <source>Enter a name.</source>
        <translation>请输入姓名。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="93"/>
        <source>A password needs at least {n} characters.</source>
        <translation>口令至少需要 {n} 个字符。</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../gui/queues.py" line="95"/>
        <source>To sign off</source>
        <translation>待我签发</translation>
    </message>
    <message>
        <location filename="../../gui/queues.py" line="96"/>
        <source>Drafts</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../gui/queues.py" line="97"/>
        <source>Awaiting sign-off</source>
        <translation>待签发</translation>
    </message>
    <message>
        <location filename="../../gui/queues.py" line="98"/>
        <source>Returned</source>
        <translation>被退回</translation>
    </message>
    <message>
        <location filename="../../gui/queues.py" line="99"/>
        <source>Signed off</source>
        <translation>已签发</translation>
    </message>
    <message>
        <location filename="../../gui/queues.py" line="100"/>
        <source>Submitted</source>
        <translation>已报送</translation>
    </message>
    <message>
        <location filename="../../gui/queues.py" line="101"/>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <location filename="../../gui/queues.py" line="102"/>
        <source>All items</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../gui/queues.py" line="103"/>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <location filename="../../gui/queues.py" line="123"/>
        <source>Items awaiting sign-off that you did not create or edit: {n}</source>
        <translation>等待签发、且不是您起草或修改的信息：{n} 条</translation>
    </message>
    <message>
        <location filename="../../gui/queues.py" line="125"/>
        <source>{queue}: {n} items</source>
        <translation>{queue}：{n} 条</translation>
    </message>
</context>
<context>
    <name>SendDialog</name>
    <message>
        <location filename="../../gui/send_dialog.py" line="60"/>
        <source>Sending by e-mail is not set up yet: enter your unit&apos;s mail server (SMTP) in the settings first.</source>
        <extracomment>statuses of a row</extracomment>
        <translation>尚未设置邮件发送：请先在设置中填写本单位的邮件服务器（SMTP）。</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="64"/>
        <location filename="../../gui/send_dialog.py" line="91"/>
        <location filename="../../gui/send_dialog.py" line="286"/>
        <location filename="../../gui/send_dialog.py" line="424"/>
        <source>Send by e-mail</source>
        <translation>通过邮件发送</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="65"/>
        <source>Open the e-mail settings now?</source>
        <translation>现在打开邮件发送设置吗？</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="102"/>
        <source>Item</source>
        <translation>信息</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="102"/>
        <location filename="../../gui/send_dialog.py" line="126"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="102"/>
        <location filename="../../gui/send_dialog.py" line="127"/>
        <source>Server&apos;s answer</source>
        <translation>服务器应答</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="107"/>
        <source>One message for all the items</source>
        <translation>所有信息合并为一封邮件</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="121"/>
        <source>Delivery log of the selected item</source>
        <translation>所选信息的发送日志</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="126"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="126"/>
        <source>By</source>
        <translation>发送人</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="126"/>
        <source>To</source>
        <translation>收件人</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="133"/>
        <source>E-mail settings…</source>
        <translation>邮件发送设置…</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="136"/>
        <source>Send the selected again</source>
        <translation>重新发送所选信息</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="139"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="143"/>
        <location filename="../../gui/send_dialog.py" line="266"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="146"/>
        <source>Mark the sent items as submitted</source>
        <translation>将已发送的信息登记为已报送</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="148"/>
        <source>The portal&apos;s mailbox has them: record them as submitted (已报送).</source>
        <translation>网站报送邮箱已收到这些信息：将其登记为已报送。</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="166"/>
        <source>(no receiving mailbox set)</source>
        <translation>（未设置报送邮箱）</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="171"/>
        <source>(no sender address)</source>
        <translation>（无发件地址）</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="172"/>
        <source>To the receiving mailbox {mailbox}, from {sender}, through {server}.</source>
        <translation>发往报送邮箱 {mailbox}，发件人 {sender}，经由 {server}。</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="220"/>
        <source>to send</source>
        <translation>待发送</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="220"/>
        <source>cannot be sent</source>
        <translation>不能发送</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="220"/>
        <source>sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="221"/>
        <location filename="../../gui/send_dialog.py" line="229"/>
        <location filename="../../gui/send_dialog.py" line="318"/>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="221"/>
        <location filename="../../gui/send_dialog.py" line="229"/>
        <location filename="../../gui/send_dialog.py" line="318"/>
        <source>failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="228"/>
        <source>last time {result}: {answer}</source>
        <translation>上次{result}：{answer}</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="266"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="268"/>
        <source>Only signed-off items are sent: the items marked in red stay here.</source>
        <translation>只发送已签发的信息：标红的信息不会发出。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/send_dialog.py" line="292"/>
        <source>%n item(s) recorded as submitted.</source>
        <translation>
            <numerusform>已登记为已报送：%n 条。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="309"/>
        <source>not sent yet</source>
        <translation>尚未发送</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="372"/>
        <source>Sending {n} message(s)…</source>
        <translation>正在发送 {n} 封邮件…</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="406"/>
        <source>{sent} sent, {failed} failed: see the server&apos;s answer; fix the cause and send the failed ones again.</source>
        <translation>已发送 {sent} 条，失败 {failed} 条：请查看服务器应答，排除原因后重新发送失败的信息。</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="410"/>
        <source>{sent} sent and recorded in each item&apos;s delivery log.</source>
        <translation>已发送 {sent} 条，均已记入各信息的发送日志。</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="421"/>
        <source>Sending stopped; what was sent before is recorded.</source>
        <translation>发送已停止；此前已发送的均已记录。</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="423"/>
        <source>Not sent: {error}</source>
        <translation>未发送：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/send_dialog.py" line="436"/>
        <source>Stopping after the message being sent…</source>
        <translation>正在发送的邮件发完后停止…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gui/settings_dialog.py" line="106"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="111"/>
        <location filename="../../gui/settings_dialog.py" line="236"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="112"/>
        <location filename="../../gui/settings_dialog.py" line="325"/>
        <location filename="../../gui/settings_dialog.py" line="343"/>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="113"/>
        <source>Columns</source>
        <translation>栏目</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="114"/>
        <source>Word lists</source>
        <translation>词表</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="120"/>
        <location filename="../../gui/settings_dialog.py" line="143"/>
        <location filename="../../gui/settings_dialog.py" line="169"/>
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="123"/>
        <source>E-mail sending</source>
        <translation>邮件发送</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="124"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="125"/>
        <location filename="../../gui/settings_dialog.py" line="255"/>
        <source>Password</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="128"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="143"/>
        <source>The changes to the holidays of {year} are not saved. Save them?</source>
        <translation>{year} 年节假日安排的修改尚未保存。要保存吗？</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="184"/>
        <source>Unit name:</source>
        <translation>单位名称：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="185"/>
        <source>Short name:</source>
        <translation>简称：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="186"/>
        <source>Receiving mailbox:</source>
        <translation>报送邮箱：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="187"/>
        <source>Items are sent to the receiving mailbox of the portal&apos;s office (报送邮箱).</source>
        <translation>信息报送到门户网站管理部门的报送邮箱。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="191"/>
        <source>Save the unit</source>
        <translation>保存单位信息</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="201"/>
        <source>none</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="202"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="204"/>
        <source>Use this folder</source>
        <translation>使用此文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="211"/>
        <source>Exchange folder:</source>
        <translation>交换文件夹：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="212"/>
        <source>Packages and identity cards put into this shared folder (or a USB stick) are imported by themselves while InfoDesk runs, on this computer.</source>
        <translation>放入此共享文件夹（或U盘）的交换包和身份卡，在本机 InfoDesk 运行时会自动导入。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="220"/>
        <source>Exchange folder</source>
        <translation>交换文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="236"/>
        <source>Enter the unit&apos;s name.</source>
        <translation>请输入单位名称。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="254"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="254"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="254"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="254"/>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="255"/>
        <source>Active</source>
        <translation>在岗</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="259"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="260"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="261"/>
        <location filename="../../gui/settings_dialog.py" line="302"/>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="281"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="281"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="282"/>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="282"/>
        <source>not yet</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="291"/>
        <source>Only the supervising leader can change the people of the unit.</source>
        <translation>只有分管领导可以修改本单位的人员。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="302"/>
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="325"/>
        <source>{name} is already in the unit.</source>
        <translation>{name} 已在本单位。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="343"/>
        <source>You cannot deactivate yourself.</source>
        <translation>不能停用您自己。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="364"/>
        <source>Column</source>
        <translation>栏目</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="364"/>
        <source>Update rule</source>
        <translation>更新频率</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="364"/>
        <source>Upkeep</source>
        <translation>保障方式</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="365"/>
        <source>Supplier</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="386"/>
        <source>Load this built-in table</source>
        <translation>载入此内置表</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="389"/>
        <source>Import from Excel…</source>
        <translation>从 Excel 导入…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="409"/>
        <source>The unit&apos;s responsibility table: {n} columns.</source>
        <translation>本单位内容保障任务表：{n} 个栏目。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="422"/>
        <source>Replace the columns</source>
        <translation>替换栏目</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="423"/>
        <source>Replace the unit&apos;s {old} columns with the {new} columns of {source}? Items keep their column; columns that disappear show as their id.</source>
        <translation>用“{source}”的 {new} 个栏目替换本单位现有的 {old} 个栏目吗？信息保留原栏目；被删除的栏目将显示为其编号。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="452"/>
        <location filename="../../gui/settings_dialog.py" line="464"/>
        <source>Import a responsibility table</source>
        <translation>导入内容保障任务表</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="453"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="465"/>
        <source>The table was not imported; fix these rows first:</source>
        <translation>任务表未导入，请先修改以下各行：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="474"/>
        <source>Word lists the confidentiality scan uses (one term per line):</source>
        <translation>保密检查使用的词表（每行一个词）：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="479"/>
        <source>Add a list file…</source>
        <translation>添加词表文件…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="484"/>
        <source>Built-in lists are read-only. Your own lists are kept in {path}.</source>
        <translation>内置词表为只读。本单位自己的词表保存在 {path}。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="510"/>
        <source>{name} ({file}): {n} terms, {severity}</source>
        <translation>{name}（{file}）：{n} 个词，{severity}</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="512"/>
        <source>allow-list</source>
        <translation>放行词表</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="515"/>
        <source>built in</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="515"/>
        <source>own</source>
        <translation>自有</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="520"/>
        <source>Add a word list</source>
        <translation>添加词表</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="521"/>
        <source>Text files (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="540"/>
        <source>Cannot copy {file}: {error}</source>
        <translation>无法复制 {file}：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="554"/>
        <source>Interface language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="555"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="559"/>
        <source>The choice is saved. When you close Settings, the window can reopen in the new language at once.</source>
        <translation>选择已保存。关闭“设置”后，可立即以新的语言重新打开窗口。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="577"/>
        <source>{name}, your password confirms your sign-offs and returns.</source>
        <translation>{name}，您的口令用于确认签发和退回。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="578"/>
        <source>{name}, you have no password yet.</source>
        <translation>{name}，您还没有设置口令。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="581"/>
        <source>Change my password…</source>
        <translation>修改我的口令…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="581"/>
        <source>Set my password…</source>
        <translation>设置我的口令…</translation>
    </message>
</context>
<context>
    <name>SignOffView</name>
    <message>
        <location filename="../../gui/signoff_view.py" line="99"/>
        <source>Content</source>
        <extracomment>(item id, &quot;sign_off&quot; | &quot;return&quot;) after a successful move Returns the supervisor&apos;s password (None to cancel); default: the password dialog.</extracomment>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="100"/>
        <location filename="../../gui/signoff_view.py" line="191"/>
        <source>Self-review</source>
        <translation>自查结果</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="101"/>
        <source>Changes since returned</source>
        <translation>退回后的修改</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="113"/>
        <location filename="../../gui/signoff_view.py" line="118"/>
        <location filename="../../gui/signoff_view.py" line="387"/>
        <location filename="../../gui/signoff_view.py" line="412"/>
        <source>Sign off</source>
        <translation>签发</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="117"/>
        <source>Comment (optional)</source>
        <translation>签发意见（可选）</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="126"/>
        <source>Return to the author</source>
        <translation>退回起草人</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="130"/>
        <source>Reason (required): what must change</source>
        <translation>退回原因（必填）：需要修改什么</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="132"/>
        <location filename="../../gui/signoff_view.py" line="399"/>
        <location filename="../../gui/signoff_view.py" line="412"/>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="145"/>
        <source>History…</source>
        <translation>历史记录…</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="181"/>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="182"/>
        <source>(no column)</source>
        <translation>（未选栏目）</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="183"/>
        <source>version {n}</source>
        <translation>第 {n} 版</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="191"/>
        <source>Self-review ({n})</source>
        <translation>自查结果（{n}）</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="212"/>
        <source>(missing)</source>
        <translation>（缺）</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="216"/>
        <source>Event date</source>
        <translation>信息发生日期</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="224"/>
        <source>(no text)</source>
        <translation>（无正文）</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="227"/>
        <source>Attachments and pictures ({n})</source>
        <translation>附件和图片（{n}）</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="231"/>
        <source>picture</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="231"/>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="239"/>
        <source>No self-review is recorded for this item.</source>
        <translation>此信息没有自查记录。</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="243"/>
        <source>Self-reviewed by {name} at {time}.</source>
        <translation>{name} 于 {time} 完成自查。</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="247"/>
        <source>The content changed after this self-review.</source>
        <translation>自查之后内容又有修改。</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="250"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="250"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="250"/>
        <source>not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="251"/>
        <source>Checklist</source>
        <translation>保密审查清单</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="265"/>
        <source>No checklist answers recorded.</source>
        <translation>没有保密审查清单的回答记录。</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="267"/>
        <source>Scan findings ({n})</source>
        <translation>自动检查发现（{n}）</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="269"/>
        <source>blocks</source>
        <translation>阻止</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="269"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="269"/>
        <source>note</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="279"/>
        <source>Overridden by {name}: {why}</source>
        <translation>{name} 放行，理由：{why}</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="286"/>
        <source>The scan found nothing.</source>
        <translation>自动检查未发现问题。</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="290"/>
        <source>Overrides</source>
        <translation>放行说明</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="304"/>
        <source>This item was not returned before.</source>
        <translation>此信息以前没有被退回过。</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="311"/>
        <source>Returned by {name} at {time}: {reason}</source>
        <translation>{name} 于 {time} 退回：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="313"/>
        <source>Changes from version {old} (returned) to version {new} (now):</source>
        <translation>从第 {old} 版（退回时）到第 {new} 版（现在）的修改：</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="316"/>
        <source>Nothing was changed since it was returned.</source>
        <translation>退回后没有任何修改。</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="328"/>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="328"/>
        <source>Edited by</source>
        <translation>编辑人</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="329"/>
        <source>Submitted for sign-off</source>
        <translation>提交签发时间</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="333"/>
        <source>Waiting</source>
        <translation>已等待</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="333"/>
        <source>{d} days {h} hours</source>
        <translation>{d} 天 {h} 小时</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="335"/>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="351"/>
        <source>Sign off this version (your password confirms it)</source>
        <translation>签发此版本（用您的口令确认）</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="353"/>
        <source>Give a reason first</source>
        <translation>请先填写退回原因</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="354"/>
        <source>Return it to the author with this reason</source>
        <translation>附上此原因退回给起草人</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="389"/>
        <source>Sign off “{title}”: enter your password.</source>
        <translation>签发“{title}”：请输入您的口令。</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="401"/>
        <source>Return “{title}” to its author: enter your password.</source>
        <translation>将“{title}”退回起草人：请输入您的口令。</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="502"/>
        <source>Sign off {n} items: enter your password.</source>
        <translation>签发 {n} 条信息：请输入您的口令。</translation>
    </message>
    <message>
        <location filename="../../gui/signoff_view.py" line="518"/>
        <source>Signing off</source>
        <translation>正在签发</translation>
    </message>
</context>
<context>
    <name>SmtpPage</name>
    <message>
        <location filename="../../gui/smtp_page.py" line="31"/>
        <source>Optional: send the e-mail packages of signed-off items straight to the portal&apos;s receiving mailbox through your unit&apos;s mail server (SMTP).</source>
        <translation>可选：通过本单位的邮件服务器（SMTP）把已签发信息的邮件包直接发送到网站的报送邮箱。</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="39"/>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="42"/>
        <source>SSL/TLS (port 465)</source>
        <translation>SSL/TLS（端口 465）</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="43"/>
        <source>STARTTLS (port 587)</source>
        <translation>STARTTLS（端口 587）</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="44"/>
        <source>None (only on this computer or without a password)</source>
        <translation>不加密（仅限本机或无需口令时）</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="45"/>
        <source>Security:</source>
        <translation>连接加密：</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="49"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="50"/>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="53"/>
        <source>empty: the server needs no login</source>
        <translation>留空：服务器无需登录</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="54"/>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="57"/>
        <source>empty: your own e-mail address in the unit&apos;s people</source>
        <translation>留空：使用人员名单中您本人的电子邮箱</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="58"/>
        <source>From address:</source>
        <translation>发件地址：</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="63"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="64"/>
        <source>Time limit:</source>
        <translation>超时时间：</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="68"/>
        <source>leave empty to keep the stored password</source>
        <translation>留空则保留已保存的口令</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="69"/>
        <source>Password:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="77"/>
        <source>Save the settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="80"/>
        <source>Forget the password</source>
        <translation>删除已保存的口令</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="83"/>
        <location filename="../../gui/smtp_page.py" line="295"/>
        <location filename="../../gui/smtp_page.py" line="297"/>
        <source>Test the connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="96"/>
        <source>The password is kept only in the system keyring (Windows Credential Manager, macOS Keychain or the Secret Service), never in a file. Settings file: {path}</source>
        <translation>口令只保存在系统密钥环中（Windows 凭据管理器、macOS 钥匙串或 Secret Service），从不写入文件。设置文件：{path}</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="132"/>
        <source>Enter the SMTP server, e.g. smtp.example.gov.cn.</source>
        <translation>请填写 SMTP 服务器，如 smtp.example.gov.cn。</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="134"/>
        <source>“{host}” is not a server name.</source>
        <translation>“{host}”不是有效的服务器名称。</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="139"/>
        <source>The From address</source>
        <translation>发件地址</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="150"/>
        <source>No login: no password is needed.</source>
        <translation>无需登录，也就不需要口令。</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="155"/>
        <source>No system keyring is available: the password cannot be stored, and InfoDesk keeps it nowhere else. ({error})</source>
        <translation>系统密钥环不可用：口令无法保存，InfoDesk 也不会把它保存在其他任何地方。（{error}）</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="159"/>
        <source>A password for {account} is stored in the system keyring.</source>
        <translation>系统密钥环中已保存 {account} 的口令。</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="162"/>
        <source>No password for {account} in the system keyring yet.</source>
        <translation>系统密钥环中尚无 {account} 的口令。</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="177"/>
        <location filename="../../gui/smtp_page.py" line="214"/>
        <source>E-mail sending</source>
        <translation>邮件发送</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="187"/>
        <source>With a user name, choose SSL/TLS or STARTTLS: the password must not cross the network unencrypted.</source>
        <translation>填写了用户名时，请选择 SSL/TLS 或 STARTTLS：口令不得以明文在网络上传输。</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="196"/>
        <source>The settings were not saved: {error}</source>
        <translation>设置未保存：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="198"/>
        <source>Settings saved to {path}.</source>
        <translation>设置已保存到 {path}。</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="204"/>
        <source>The password was not stored: enter a user name first.</source>
        <translation>口令未保存：请先填写用户名。</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="210"/>
        <source>The password was NOT stored: no system keyring is available, and InfoDesk does not keep passwords anywhere else. ({error})</source>
        <translation>口令未保存：系统密钥环不可用，InfoDesk 不会把口令保存在其他任何地方。（{error}）</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="216"/>
        <source>The password is stored in the system keyring.</source>
        <translation>口令已保存到系统密钥环。</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="244"/>
        <source>The stored password moved to the new account.</source>
        <translation>已保存的口令已转到新账户。</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="245"/>
        <source>The password stored for the previous account was removed from the keyring.</source>
        <translation>原账户保存的口令已从密钥环中删除。</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="254"/>
        <source>The stored password was removed from the system keyring.</source>
        <translation>已从系统密钥环中删除保存的口令。</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="273"/>
        <location filename="../../gui/smtp_page.py" line="298"/>
        <source>Connecting to {address}…</source>
        <translation>正在连接 {address}…</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="283"/>
        <source>The connection works. The server answered: {answer}</source>
        <translation>连接正常。服务器应答：{answer}</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="285"/>
        <source>The connection failed. The server answered: {answer}</source>
        <translation>连接失败。服务器应答：{answer}</translation>
    </message>
    <message>
        <location filename="../../gui/smtp_page.py" line="293"/>
        <source>The connection was not tried: {error}</source>
        <translation>未进行连接：{error}</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <location filename="../../gui/tasks.py" line="116"/>
        <source>Cancel</source>
        <extracomment>emitted after finished/failed, whatever the outcome</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/tasks.py" line="169"/>
        <source>An in-memory database cannot be used from a background task.</source>
        <translation>后台任务不能使用内存数据库。</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <location filename="../../gui/widgets.py" line="86"/>
        <source>Hide</source>
        <extracomment>Colours of due and freshness states (text on a light background). Light backgrounds for the same states.</extracomment>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../gui/widgets.py" line="110"/>
        <source>InfoDesk</source>
        <translation>InfoDesk 政务信息报送助手</translation>
    </message>
    <message>
        <location filename="../../gui/widgets.py" line="117"/>
        <source>An unexpected error occurred. Please report it with the details below.</source>
        <translation>发生了意外错误。请连同下面的详细信息一起报告。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets.py" line="180"/>
        <source>Title: {0}</source>
        <translation>标题：{0}</translation>
    </message>
    <message>
        <location filename="../../gui/widgets.py" line="184"/>
        <source>Event date: {0}</source>
        <translation>信息发生日期：{0}</translation>
    </message>
    <message>
        <location filename="../../gui/widgets.py" line="188"/>
        <source>Attachment: {0}</source>
        <translation>附件：{0}</translation>
    </message>
</context>
<context>
    <name>Workbench</name>
    <message>
        <location filename="../../gui/main_window.py" line="77"/>
        <source>Search titles and text (Ctrl+F)</source>
        <translation>搜索标题和正文（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="90"/>
        <source>Mine only</source>
        <translation>只看我的</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="92"/>
        <source>Only items you created</source>
        <translation>只显示您起草的信息</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="96"/>
        <source>Event date:</source>
        <translation>发生日期：</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="168"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="180"/>
        <source>All columns</source>
        <translation>全部栏目</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="184"/>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="273"/>
        <source>{queue}: {n} items</source>
        <translation>{queue}：{n} 条</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="275"/>
        <source>search “{text}”</source>
        <translation>搜索“{text}”</translation>
    </message>
</context>
</TS>
