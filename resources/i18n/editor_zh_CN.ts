<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttachmentsPanel</name>
    <message>
        <location filename="../../gui/attachments_panel.py" line="189" />
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="190" />
        <source>Add pictures or files (you can also drop files here)</source>
        <translation>添加图片或文件（也可以把文件拖放到这里）</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="192" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="194" />
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="196" />
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="198" />
        <source>Convert to JPEG</source>
        <translation>转为 JPEG</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="199" />
        <source>Save the picture as JPEG, without its EXIF data</source>
        <translation>把图片另存为 JPEG 格式，并去除 EXIF 信息</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="203" />
        <source>Caption (图片说明) of the selected picture or file</source>
        <translation>所选图片或文件的说明（图片说明）</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="218" />
        <source>Pictures and attachments</source>
        <translation>图片和附件</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="219" />
        <source>Pictures: jpg or gif, 4:3. Video: avi, mpeg, swf/flv or wmv. Other files go out as downloads.</source>
        <translation>图片：jpg 或 gif 格式，4:3 比例；视频：avi、mpeg、swf/flv 或 wmv 格式；其他文件作为附件（表格下载）报送。</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="268" />
        <source>{name} is {w}×{h}, not 4:3; the portal asks for 4:3 pictures.</source>
        <translation>{name} 为 {w}×{h}，不是 4:3；门户网站要求图片为 4:3 比例。</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="271" />
        <source>The portal takes pictures only as jpg or gif: convert {name}.</source>
        <translation>门户网站只接受 jpg 或 gif 格式的图片：请转换 {name}。</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="275" />
        <source>The portal takes video only as avi, mpeg, swf/flv or wmv: convert {name}.</source>
        <translation>门户网站只接受 avi、mpeg、swf/flv 或 wmv 格式的视频：请转换 {name}。</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="278" />
        <source>{name} is a program or script; the portal does not take such files.</source>
        <translation>{name} 是程序或脚本文件，门户网站不接受此类文件。</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="281" />
        <source>{name} is empty.</source>
        <translation>{name} 是空文件。</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="290" />
        <source>Add pictures or files</source>
        <translation>添加图片或文件</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="291" />
        <source>Pictures and files (*.jpg *.jpeg *.gif *.png *.avi *.mpeg *.mpg *.swf *.flv *.wmv *.doc *.docx *.xls *.xlsx *.pdf *.wps *.et *.txt *.zip);;All files (*)</source>
        <translation>图片和文件 (*.jpg *.jpeg *.gif *.png *.avi *.mpeg *.mpg *.swf *.flv *.wmv *.doc *.docx *.xls *.xlsx *.pdf *.wps *.et *.txt *.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="312" />
        <location filename="../../gui/attachments_panel.py" line="332" />
        <source>{name} is larger than {limit} MB; the portal will not take it.</source>
        <translation>{name} 超过 {limit} MB，门户网站不会接收。</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="317" />
        <source>Cannot read {name}: {error}</source>
        <translation>无法读取 {name}：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="342" />
        <source>{name} is too large a picture to open safely (over {limit} million pixels, or a decompression bomb); make it smaller first.</source>
        <translation>{name} 图片过大，无法安全打开（超过 {limit} 百万像素，或为“解压炸弹”）；请先缩小图片。</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="346" />
        <source>{name} is not a readable picture (damaged, or not the format its name says).</source>
        <translation>{name} 不是可读取的图片（文件已损坏，或实际格式与扩展名不符）。</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_panel.py" line="429" />
        <source>Cannot convert {name}: {error}</source>
        <translation>无法转换 {name}：{error}</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../gui/editor.py" line="79" />
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 2026-11-20</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="83" />
        <source>Pick a date</source>
        <translation>选择日期</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="94" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
</context>
<context>
    <name>ItemEditor</name>
    <message>
        <location filename="../../gui/editor.py" line="214" />
        <source>(no column)</source>
        <translation>（未选栏目）</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="220" />
        <source>Title of the item</source>
        <translation>信息标题</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="225" />
        <source>The day the event happened (信息发生日期): deadlines count from it</source>
        <translation>信息发生日期：报送时限从这一天起算</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="231" />
        <source>Content type</source>
        <translation>信息类型</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="232" />
        <source>Column</source>
        <translation>栏目</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="234" />
        <source>Event date</source>
        <translation>信息发生日期</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="246" />
        <source>Body: one paragraph per line. Text pasted from Word keeps only the text.</source>
        <translation>正文：每行一段。从 Word 粘贴时只保留文字，去掉格式。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="263" />
        <location filename="../../gui/editor.py" line="269" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="264" />
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="358" />
        <source>Add them under “Pictures and attachments”.</source>
        <translation>请在下方“图片和附件”中添加。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="407" />
        <source>{id} (not in the column table)</source>
        <translation>{id}（不在栏目表中）</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="499" />
        <source>This item is {state}: it opens read-only. To change it, withdraw it and start a new item.</source>
        <translation>该信息状态为“{state}”，只读打开。如需修改，请撤回后另起一条信息。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="502" />
        <source>This item has been signed off. Saving a change voids the sign-off: it goes back to draft and must be signed off again.</source>
        <translation>该信息已签发。保存修改将使签发作废：信息退回草稿，须重新签发。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="504" />
        <source>This item is waiting for sign-off. Saving a change takes it out of the queue: review and submit it again.</source>
        <translation>该信息正在等待签发。保存修改会将其撤出待签发队列：请重新自查并提交签发。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="508" />
        <source>Returned by {who}: {reason}</source>
        <translation>被{who}退回：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="511" />
        <source>If you save a change here, you become an editor of this item and can no longer sign it off.</source>
        <translation>如果您在此保存修改，您将成为该信息的编辑者，不能再签发它。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="602" />
        <source>Not a date: write it as YYYY-MM-DD, e.g. 2026-11-20.</source>
        <translation>日期格式不正确：请按“年-月-日”填写，如 2026-11-20。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="616" />
        <source>The event date is not a date: write it as YYYY-MM-DD, e.g. 2026-11-20.</source>
        <translation>信息发生日期格式不正确：请按“年-月-日”填写，如 2026-11-20。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="630" />
        <source>Changed elsewhere</source>
        <translation>已被他人修改</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="631" />
        <source>{who} saved this item at {when} after you opened it. Save your version over theirs?</source>
        <translation>在您打开之后，{who}于 {when} 保存了该信息。要用您的版本覆盖吗？</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="636" />
        <source>Void the sign-off?</source>
        <translation>作废签发？</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="637" />
        <source>This item has been signed off. Saving your change voids the sign-off: the item goes back to draft and must be reviewed and signed off again. Save anyway?</source>
        <translation>该信息已签发。保存修改将使签发作废：信息退回草稿，须重新自查、签发。仍要保存吗？</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="657" />
        <source>Saved at {time} (version {version}).</source>
        <translation>已于 {time} 保存（第 {version} 版）。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="684" />
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="685" />
        <source>Save the changes to “{title}”?</source>
        <translation>保存对“{title}”的修改吗？</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="685" />
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="717" />
        <source>The item cannot be submitted yet:</source>
        <translation>该信息暂不能提交签发：</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="734" />
        <source>Submitted for sign-off.</source>
        <translation>已提交签发。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="754" />
        <source>Recovery copy kept at {time}.</source>
        <translation>已于 {time} 自动保存恢复稿。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="775" />
        <source>Recovered text from {when}, not saved yet: check it and save, or discard it.</source>
        <translation>这是 {when} 自动保存的恢复稿，尚未保存：请核对后保存，或放弃。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="777" />
        <source>The item it belonged to no longer exists; saving creates a new draft.</source>
        <translation>原信息已不存在，保存将新建一条草稿。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="779" />
        <source>The item it belonged to is now read-only; saving creates a new draft.</source>
        <translation>原信息现为只读，保存将新建一条草稿。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="781" />
        <source>The item was saved again after this copy was made (version {old} → {new}); saving the recovered text replaces that version.</source>
        <translation>恢复稿生成后该信息又被保存过（第 {old} 版 → 第 {new} 版）；保存恢复稿将覆盖该版本。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="796" />
        <source>Import a Word file</source>
        <translation>导入 Word 文件</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="809" />
        <source>Imported from {name}: check the fields, choose the column and save.</source>
        <translation>已从 {name} 导入：请核对各项内容，选择栏目后保存。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="965" />
        <source>This finding is not in the text any more; scan again.</source>
        <translation>该问题已不在正文中，请重新检查。</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="997" />
        <source>InfoDesk</source>
        <translation>政务信息报送助手</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="1003" />
        <source>Let a blocking problem through</source>
        <translation>放行阻断问题</translation>
    </message>
    <message>
        <location filename="../../gui/editor.py" line="1004" />
        <source>“{text}”: {message}

Why may this go out anyway? Write at least {min} characters; your name and the time are recorded with it.</source>
        <translation>“{text}”：{message}

为什么仍可以发布？请写明理由，至少 {min} 个字；您的姓名和时间将一并记录。</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../gui/review_panel.py" line="66" />
        <source> (optional)</source>
        <translation>（选答）</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="74" />
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="74" />
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="74" />
        <source>N/A</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="82" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="99" />
        <source>Confidentiality checklist (version {version})</source>
        <translation>保密审查清单（版本 {version}）</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="106" />
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="106" />
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="106" />
        <source>Found</source>
        <translation>发现内容</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="106" />
        <source>Action</source>
        <translation>处理</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="112" />
        <source>Mask all personal data</source>
        <translation>全部个人信息脱敏</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="114" />
        <source>Findings</source>
        <translation>检查发现的问题</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="127" />
        <source>Submit for sign-off</source>
        <translation>提交签发</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="130" />
        <source>What still blocks</source>
        <translation>尚待解决</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="180" />
        <source>Answered by {who} at {when}</source>
        <translation>{who} 于 {when} 作答</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="182" />
        <source>for an older checklist: answer again</source>
        <translation>按旧版清单作答，请重新作答</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="257" />
        <source>Item</source>
        <translation>整条信息</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="260" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="262" />
        <source>Paragraph {n}</source>
        <translation>第 {n} 段</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="272" />
        <source>Block</source>
        <translation>阻断</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="272" />
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="272" />
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="285" />
        <source>Mask → {masked}</source>
        <translation>脱敏 → {masked}</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="286" />
        <source>Replace “{text}” by “{masked}”</source>
        <translation>把“{text}”替换为“{masked}”</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="289" />
        <source>Let through (justified)</source>
        <translation>已说明理由放行</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="291" />
        <source>Withdraw justification</source>
        <translation>撤回放行理由</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="294" />
        <source>Let through…</source>
        <translation>说明理由放行…</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="295" />
        <source>Let this through with a written justification</source>
        <translation>书面说明理由后放行</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="367" />
        <source>Only an information officer submits items for sign-off.</source>
        <translation>只有网站信息员可以提交签发。</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="370" />
        <source>This item cannot be submitted in its current state.</source>
        <translation>该信息在当前状态下不能提交签发。</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="372" />
        <source>Already waiting for sign-off.</source>
        <translation>已在等待签发。</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="374" />
        <source>Attachments are still being checked…</source>
        <translation>附件正在检查中…</translation>
    </message>
    <message>
        <location filename="../../gui/review_panel.py" line="377" />
        <source>Nothing blocks: the item may be submitted for sign-off.</source>
        <translation>没有阻断问题：可以提交签发。</translation>
    </message>
</context>
</TS>