<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../gui/export_dialog.py" line="47"/>
        <location filename="../../gui/export_dialog.py" line="139"/>
        <location filename="../../gui/export_dialog.py" line="260"/>
        <location filename="../../gui/export_dialog.py" line="330"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="61"/>
        <source>Formats</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="73"/>
        <source>Combine the items into one file per format</source>
        <translation>多条信息合并为每种格式一个文件</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="86"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="91"/>
        <source>Folder:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="96"/>
        <source>Keep as they are (warn when not 4:3)</source>
        <translation>保持原样（非4:3时提示）</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="97"/>
        <source>Crop to 4:3 (centre)</source>
        <translation>居中裁剪为4:3</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="98"/>
        <source>Pad to 4:3 (white bars)</source>
        <translation>补白边为4:3</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="99"/>
        <source>Pictures:</source>
        <translation>图片：</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="105"/>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="106"/>
        <source>No limit</source>
        <translation>不限制</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="107"/>
        <source>Longest side:</source>
        <translation>长边最多：</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="130"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="134"/>
        <source>Mark as submitted…</source>
        <translation>登记为已报送…</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="136"/>
        <source>Record that these items were sent to the portal (after you have sent them)</source>
        <translation>登记这些信息已报送网站（请在实际发送后登记）</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="143"/>
        <location filename="../../gui/export_dialog.py" line="275"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="146"/>
        <source>Send by e-mail…</source>
        <translation>通过邮件发送…</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="148"/>
        <source>Send the e-mail packages straight to the portal&apos;s mailbox over SMTP</source>
        <translation>通过 SMTP 把邮件包直接发送到网站报送邮箱</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="164"/>
        <source>Word submission copy (报送稿, GB/T 9704)</source>
        <translation>Word 报送稿（GB/T 9704 公文格式）</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="165"/>
        <source>Review and sign-off form (审批单)</source>
        <translation>信息发布保密审查审批单</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="166"/>
        <source>E-mail package for the portal&apos;s mailbox (.eml)</source>
        <translation>发往网站报送邮箱的邮件包（.eml）</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="167"/>
        <source>Plain text for Notepad (.txt)</source>
        <translation>记事本纯文本（.txt）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/export_dialog.py" line="186"/>
        <source>%n item(s) chosen:</source>
        <translation>
            <numerusform>已选择 %n 条信息：</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="227"/>
        <source>Only signed-off items may be exported: nothing unsigned leaves. Remove or sign off the items marked in red.</source>
        <translation>只有已签发的信息才能导出——未经签发的信息一律不得报出。请移除红色标出的信息，或先完成签发。</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="230"/>
        <source>Choose at least one format.</source>
        <translation>请至少选择一种格式。</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="248"/>
        <source>Export to folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/export_dialog.py" line="272"/>
        <source>Writing %n file(s)…</source>
        <translation>
            <numerusform>正在写入 %n 个文件…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="304"/>
        <location filename="../../gui/export_dialog.py" line="325"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/export_dialog.py" line="316"/>
        <source>%n file(s) written to %1 and recorded.</source>
        <translation>
            <numerusform>已将 %n 个文件写入 %1，并已登记。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="327"/>
        <source>Export cancelled: nothing was written.</source>
        <translation>导出已取消：未写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="329"/>
        <source>Export failed: nothing was written.</source>
        <translation>导出失败：未写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="335"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="376"/>
        <location filename="../../gui/export_dialog.py" line="384"/>
        <source>Mark as submitted</source>
        <translation>登记为已报送</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/export_dialog.py" line="377"/>
        <source>Record that %n item(s) were sent to the portal? Do this only after you have actually sent them.</source>
        <translation>
            <numerusform>登记这 %n 条信息已报送网站？请在实际发送后再登记。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/export_dialog.py" line="389"/>
        <source>%n item(s) marked as submitted.</source>
        <translation>
            <numerusform>已将 %n 条信息登记为已报送。</numerusform>
        </translation>
    </message>
</context>
</TS>
