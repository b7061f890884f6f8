<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../gui/exchange_actions.py" line="344"/>
        <source>Conflicts between desktops</source>
        <translation>两台电脑之间的冲突</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="347"/>
        <source>These items changed here after they were sent. Both versions are kept until you choose; the one you do not keep stays in the history.</source>
        <translation>以下信息在报送之后本机又有改动。两个版本都会保留，直到您作出选择；未保留的版本仍留在历史记录中。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="358"/>
        <source>This desktop</source>
        <translation>本机版本</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="358"/>
        <source>Incoming</source>
        <translation>收到的版本</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="367"/>
        <source>Keep this desktop&apos;s version</source>
        <translation>保留本机版本</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="368"/>
        <source>Take the incoming version</source>
        <translation>采用收到的版本</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="394"/>
        <source>No open conflicts.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="408"/>
        <source>Decision: {what} by {signer}, {at}</source>
        <translation>决定：{signer}{what}，{at}</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="409"/>
        <source>signed off</source>
        <translation>签发</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="409"/>
        <source>returned</source>
        <translation>退回</translation>
    </message>
</context>
<context>
    <name>ExchangeActions</name>
    <message>
        <location filename="../../gui/exchange_actions.py" line="62"/>
        <source>Password</source>
        <extracomment>notify(kind, title, text) with kind &quot;info&quot;, &quot;warning&quot; or &quot;error&quot;. confirm(title, text) -&gt; bool</extracomment>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="63"/>
        <source>Password of {name} (the package is signed in your name):</source>
        <translation>{name}的口令（交换包将以您的名义签名）：</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="93"/>
        <source>Send for sign-off</source>
        <translation>报送签发</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="95"/>
        <source>Select the items to send first.</source>
        <translation>请先选择要报送的信息。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="100"/>
        <location filename="../../gui/exchange_actions.py" line="135"/>
        <source>InfoDesk packages (*.infopkg)</source>
        <translation>交换包 (*.infopkg)</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="113"/>
        <source>{n} items packed into
{path}

Take the file to the supervising leader (USB stick, shared folder or e-mail).</source>
        <translation>已将 {n} 条信息打包到
{path}

请把该文件交给分管领导（U 盘、共享文件夹或电子邮件）。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="125"/>
        <source>Send back decisions</source>
        <translation>发回签发结果</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="129"/>
        <source>There are no decisions to send back: sign off or return items received from another desktop first.</source>
        <translation>没有需要发回的签发结果：请先签发或退回从其他电脑收到的信息。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="148"/>
        <source>{n} decisions packed into
{path}

Take the file back to the officers.</source>
        <translation>已将 {n} 项签发结果打包到
{path}

请把该文件交回信息员。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="160"/>
        <source>My person card</source>
        <translation>我的身份卡</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="164"/>
        <source>InfoDesk person cards (*.infocard)</source>
        <translation>身份卡 (*.infocard)</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="177"/>
        <source>Card written to
{path}

Fingerprint:
{fp}

Give the card to the other desktop once; when it is imported there, read this fingerprint to each other by phone.</source>
        <translation>身份卡已写入
{path}

指纹：
{fp}

请把身份卡交给另一台电脑导入（只需一次）；对方导入时，请通过电话互相核对该指纹。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="194"/>
        <source>Person card</source>
        <translation>身份卡</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="198"/>
        <source>This card has a NEW key for {name}.

Known fingerprint:
{old}
New fingerprint:
{new}

Replace the key only after {name} has read you the new fingerprint by phone. Packages signed with the old key will then be refused. Replace it?</source>
        <translation>该身份卡含有{name}的新密钥。

已知指纹：
{old}
新指纹：
{new}

请在{name}通过电话向您念出新指纹并核对一致后再替换。替换后，用旧密钥签名的交换包将被拒绝。是否替换？</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="204"/>
        <source>Card of {name}.

Fingerprint:
{fp}

Call {name} and compare the fingerprint. Accept the card only if it is the same.</source>
        <translation>{name}的身份卡。

指纹：
{fp}

请致电{name}核对指纹，一致时才接受该身份卡。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="218"/>
        <location filename="../../gui/exchange_actions.py" line="286"/>
        <source>Import packages</source>
        <translation>导入交换包</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="222"/>
        <source>InfoDesk packages and cards (*.infopkg *.infocard);;All files (*)</source>
        <translation>交换包和身份卡 (*.infopkg *.infocard);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="236"/>
        <source>{file}: not imported.</source>
        <translation>{file}：未导入。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="243"/>
        <source>{file}: REFUSED — {reason}</source>
        <translation>{file}：拒绝导入——{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="253"/>
        <source>{n} items changed on both desktops: both versions are kept. Choose which one to keep under Exchange › Conflicts.</source>
        <translation>{n} 条信息在两台电脑上都有改动，两个版本均已保留。请在“交换 › 冲突”中选择保留哪个版本。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="283"/>
        <source>Checking the signatures and importing {file}…</source>
        <translation>正在核验签名并导入 {file}……</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="439"/>
        <source>Version {v} · {state} · by {who}</source>
        <translation>第{v}版 · {state} · 作者/编辑：{who}</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="454"/>
        <location filename="../../gui/exchange_actions.py" line="470"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="455"/>
        <source>There are no open conflicts.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="509"/>
        <source>{n} conflicts to resolve</source>
        <translation>{n} 个冲突待处理</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_actions.py" line="510"/>
        <source>These items changed on both desktops: both versions are kept until you choose one. Click to compare them and choose.</source>
        <translation>这些信息在两台电脑上都有改动：在您选定其中一个版本之前，两个版本都会保留。点击此处比较并选择。</translation>
    </message>
</context>
<context>
    <name>WatchFolder</name>
    <message>
        <location filename="../../gui/watch_folder.py" line="63"/>
        <source>The watch folder {path} cannot be used: {error}</source>
        <extracomment>(path of the file as found, ImportResult) (path, message in the interface language)</extracomment>
        <translation>无法使用交换文件夹 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/watch_folder.py" line="146"/>
        <source>{file} was refused: {reason}</source>
        <translation>{file} 被拒绝导入：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/watch_folder.py" line="147"/>
        <source>It could not be moved out of the watch folder.</source>
        <translation>无法将其移出交换文件夹。</translation>
    </message>
    <message>
        <location filename="../../gui/watch_folder.py" line="152"/>
        <source>{file} could not be imported: {error}</source>
        <translation>{file} 无法导入：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/watch_folder.py" line="156"/>
        <source>{file} was imported but could not be moved to {folder}; it will be recognised as already imported.</source>
        <translation>{file} 已导入，但无法移到 {folder}；再次处理时会识别为已导入。</translation>
    </message>
</context>
</TS>
