package org.consilium.records.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Programs, scripts and other content that runs when opened, recognised four ways: by the type Tika detected, by the
 * first bytes (executable headers), by tell-tales in text (a script is text, and text has no magic number), and by a
 * file name's extension. Each answer is a {@link Finding} naming what was found.
 *
 * <p>A name can only ever refuse here: an extension on the denylist marks a file as dangerous, and no extension marks
 * one as safe.
 */
final class ActiveContent {

    /** How much of a text is searched for tell-tales: scripts are short, and the stored name ends in .txt anyway. */
    static final int TEXT_SCAN_LIMIT = 8 * 1024 * 1024;

    private static final Map<String, Finding> BY_EXTENSION = new HashMap<>();

    static {
        named(Finding.program("Windows executable"), "exe", "com", "scr", "pif", "dll", "cpl", "ocx", "sys", "drv",
                "efi", "gadget", "application", "appref-ms", "xbap");
        named(Finding.program("Windows installer"), "msi", "msp", "mst", "msix", "msixbundle", "appx",
                "appxbundle");
        named(Finding.program("macOS application or installer"), "app", "pkg", "mpkg", "dylib", "kext");
        named(Finding.program("Linux program or package"), "elf", "so", "run", "deb", "rpm", "appimage", "ko");
        named(Finding.program("Java"), "jar", "class", "war", "ear", "jnlp");
        named(Finding.program("Android app"), "apk", "aab", "xapk", "dex");
        named(Finding.program("browser extension"), "xpi", "crx");
        named(Finding.program("WebAssembly"), "wasm");
        named(Finding.program("Flash"), "swf");
        named(Finding.script("Windows batch file"), "bat", "cmd");
        named(Finding.script("PowerShell"), "ps1", "psm1", "psd1", "ps1xml", "psc1", "pssc", "cdxml", "msh",
                "msh1", "msh2", "mshxml", "msh1xml", "msh2xml");
        named(Finding.script("VBScript or JScript"), "vbs", "vbe", "vb", "js", "jse", "mjs", "cjs", "wsf", "wsh",
                "wsc", "ws");
        named(Finding.script("Windows scriptlet"), "sct");
        named(Finding.script("Windows registry file"), "reg");
        named(Finding.script("Windows setup information"), "inf", "ins", "isp");
        named(Finding.script("scheduled task"), "job");
        named(Finding.script("shell script"), "sh", "bash", "zsh", "csh", "ksh", "tcsh", "fish", "command",
                "tool");
        named(Finding.script("Python, Perl, Ruby, PHP or Lua"), "py", "pyw", "pyc", "pyo", "pyz", "pl", "pm",
                "rb", "php", "phtml", "lua", "tcl");
        named(Finding.script("AppleScript"), "applescript", "scpt", "scptd");
        named(Finding.script("AutoIt or AutoHotkey"), "au3", "ahk", "kix");
        named(Finding.active("an HTML application (HTA)"), "hta");
        named(Finding.active("a web page (HTML)"), "htm", "html", "xhtml", "xht", "shtml", "mht", "mhtml",
                "maff");
        named(Finding.active("an SVG image"), "svg", "svgz");
        named(Finding.active("an Internet shortcut"), "url", "website", "webloc");
        named(Finding.active("a Windows Explorer command file (SCF)"), "scf");
        named(Finding.active("a Windows shortcut (LNK)"), "lnk", "pif");
        named(Finding.active("a desktop launcher"), "desktop");
        named(Finding.active("a Windows settings shortcut"), "settingcontent-ms");
        named(Finding.active("a Windows library or search shortcut"), "library-ms", "searchconnector-ms",
                "search-ms");
        named(Finding.active("compiled HTML help"), "chm", "hlp");
        named(Finding.macros("Office"), "docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppsm",
                "ppam", "sldm", "vsdm", "vstm", "vssm");
    }

    private static final Set<String> JAVASCRIPT = Set.of("text/javascript", "application/javascript",
            "application/x-javascript", "application/ecmascript", "text/ecmascript");

    private static final Pattern TELL_TALES = Pattern.compile(String.join("|",
            "(?<url>\\[InternetShortcut\\])",
            "(?<scf>\\[Shell\\][^\\[]{0,2000}?\\bCommand\\s*=)",
            "(?<folder>\\[\\.ShellClassInfo\\])",
            "(?<desktop>\\[Desktop Entry\\])",
            "(?<registry>Windows Registry Editor|REGEDIT4)",
            "(?<hta><HTA:APPLICATION)",
            "(?<encoded>#@~\\^)",
            "(?<tag><(?:[\\w-]{1,40}:)?script\\b)",
            "(?<wsh>\\bWScript\\.|\\bCreateObject\\s*\\(|\\bGetObject\\s*\\(|\\bActiveXObject\\b|\\bShell\\.Application\\b)",
            "(?<powershell>\\b(?:Invoke-(?:Expression|WebRequest|RestMethod|Command|Item)|New-Object|Start-Process"
                    + "|Set-ExecutionPolicy|Add-Type|Write-Host|Get-ChildItem|Remove-Item|Get-WmiObject"
                    + "|Import-Module|Set-MpPreference|Start-BitsTransfer)\\b|\\$env:|\\[System\\.(?:Convert|Net"
                    + "|IO|Reflection|Text\\.Encoding)\\b|-EncodedCommand\\b|\\bFromBase64String\\b"
                    + "|\\bDownloadString\\b|\\bDownloadFile\\b)",
            "(?<batch>(?m:^[ \\t]*@?echo[ \\t]+off\\b))",
            "(?<launcher>\\b(?:cmd(?:\\.exe)?\\s+/[ckr]\\b|powershell(?:\\.exe)?\\s+-|pwsh(?:\\.exe)?\\s+-"
                    + "|mshta(?:\\.exe)?\\s|rundll32|regsvr32|certutil(?:\\.exe)?\\s+-|bitsadmin"
                    + "|[wc]script(?:\\.exe)?\\s))",
            "(?<html><(?:html|iframe|object|embed|frameset|applet)\\b)",
            "(?<jsurl>javascript:)",
            "(?<rtfobject>\\\\objdata\\b|\\\\objupdate\\b)"), Pattern.CASE_INSENSITIVE);

    private static final Map<String, Finding> TELL_TALE_FINDINGS = Map.ofEntries(
            Map.entry("url", Finding.active("an Internet shortcut")),
            Map.entry("scf", Finding.active("a Windows Explorer command file (SCF)")),
            Map.entry("folder", Finding.active("Windows folder settings (desktop.ini)")),
            Map.entry("desktop", Finding.active("a desktop launcher")),
            Map.entry("registry", Finding.script("Windows registry file")),
            Map.entry("hta", Finding.active("an HTML application (HTA)")),
            Map.entry("encoded", Finding.script("encoded VBScript or JScript")),
            Map.entry("tag", Finding.script("a <script> element")),
            Map.entry("wsh", Finding.script("VBScript or JScript")),
            Map.entry("powershell", Finding.script("PowerShell")),
            Map.entry("batch", Finding.script("Windows batch file")),
            Map.entry("launcher", Finding.script("commands that start programs")),
            Map.entry("html", Finding.active("a web page (HTML)")),
            Map.entry("jsurl", Finding.active("a link that runs JavaScript")),
            Map.entry("rtfobject", new Finding("a document with embedded objects, which can hide programs",
                    "save it as PDF, or without embedded objects, and upload it again")));

    /** XML documents whose root element makes Windows run them. */
    private static final Map<String, Finding> SCRIPT_ROOTS = Map.of(
            "job", Finding.script("Windows Script File (WSF)"),
            "package", Finding.script("Windows Script File (WSF)"),
            "scriptlet", Finding.script("Windows scriptlet (SCT)"),
            "component", Finding.script("Windows scriptlet (SCT)"),
            "pcsettings", Finding.active("a Windows settings shortcut"),
            "html", Finding.active("a web page (HTML)"),
            "svg", Finding.active("an SVG image"));

    private ActiveContent() {
    }

    private static void named(Finding finding, String... extensions) {
        for (String extension : extensions) {
            BY_EXTENSION.putIfAbsent(extension, finding);
        }
    }

    /** A name whose extension marks a program or script. */
    static Optional<Finding> byName(String name) {
        return Optional.ofNullable(BY_EXTENSION.get(FileNames.extension(name)));
    }

    /** Executable headers and other unmistakable starts, whatever the rest of the file is. */
    static Optional<Finding> inLeadingBytes(byte[] b, int length) {
        if (startsWith(b, length, 0xEF, 0xBB, 0xBF, '#', '!') || startsWith(b, length, '#', '!')) {
            return Optional.of(Finding.script("a script that names its interpreter with #!"));
        }
        if (startsWith(b, length, 'M', 'Z') && hasZeroByte(b, Math.min(length, 64))) {
            return Optional.of(Finding.program("Windows executable"));
        }
        if (startsWith(b, length, 0x7F, 'E', 'L', 'F')) {
            return Optional.of(Finding.program("Linux executable"));
        }
        if (startsWith(b, length, 0xFE, 0xED, 0xFA, 0xCE) || startsWith(b, length, 0xFE, 0xED, 0xFA, 0xCF)
                || startsWith(b, length, 0xCE, 0xFA, 0xED, 0xFE) || startsWith(b, length, 0xCF, 0xFA, 0xED, 0xFE)) {
            return Optional.of(Finding.program("macOS executable"));
        }
        if (startsWith(b, length, 0xCA, 0xFE, 0xBA, 0xBE)) {
            // Java class files and macOS universal binaries share this magic; both are programs.
            boolean javaClass = length >= 8 && b[4] == 0 && b[5] == 0 && ((b[6] & 0xFF) << 8 | b[7] & 0xFF) >= 45;
            return Optional.of(Finding.program(javaClass ? "Java class" : "macOS executable"));
        }
        if (startsWith(b, length, 0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0)) {
            return Optional.of(Finding.active("a Windows shortcut (LNK)"));
        }
        if (startsWith(b, length, 0, 'a', 's', 'm')) {
            return Optional.of(Finding.program("WebAssembly"));
        }
        if (startsWith(b, length, 'F', 'a', 's', 'd', 'U', 'A', 'S')) {
            return Optional.of(Finding.script("AppleScript"));
        }
        if (startsWith(b, length, 'I', 'T', 'S', 'F')) {
            return Optional.of(Finding.active("compiled HTML help"));
        }
        if (startsWith(b, length, 'd', 'e', 'x', '\n')) {
            return Optional.of(Finding.program("Android app"));
        }
        if ((startsWith(b, length, 'F', 'W', 'S') || startsWith(b, length, 'C', 'W', 'S')
                || startsWith(b, length, 'Z', 'W', 'S')) && !looksLikeText(b, Math.min(length, 8))) {
            return Optional.of(Finding.program("Flash"));
        }
        return Optional.empty();
    }

    /** Types Tika names that are programs, scripts, active content or macro-enabled documents. */
    static Optional<Finding> ofType(String type) {
        if (type.contains("macroenabled")) {
            return Optional.of(Finding.macros(officeApplication(type)));
        }
        return Optional.ofNullable(switch (type) {
            case "application/x-msdownload", "application/x-dosexec" -> Finding.program("Windows executable");
            case "application/x-ms-installer", "application/x-msi" -> Finding.program("Windows installer");
            case "application/x-executable", "application/x-sharedlib", "application/x-elf", "application/x-object",
                 "application/x-coredump" -> Finding.program("Linux executable");
            case "application/java-vm" -> Finding.program("Java class");
            case "application/java-archive", "application/x-java-archive", "application/x-tika-java-web-archive",
                 "application/x-tika-java-enterprise-archive", "application/x-java-jnlp-file" ->
                    Finding.program("Java archive");
            case "application/vnd.android.package-archive" -> Finding.program("Android app");
            case "application/wasm" -> Finding.program("WebAssembly");
            case "application/x-shockwave-flash" -> Finding.program("Flash");
            case "application/x-sh", "application/x-csh", "application/x-shellscript", "text/x-sh" ->
                    Finding.script("shell script");
            case "application/x-bat" -> Finding.script("Windows batch file");
            case "text/x-vbscript" -> Finding.script("VBScript");
            case "text/x-python", "text/x-perl", "application/x-php", "text/x-php", "text/x-ruby", "text/x-lua",
                 "text/x-tcl", "application/x-tcl" -> Finding.script("Python, Perl, Ruby, PHP or Lua");
            case "text/html", "application/xhtml+xml" -> Finding.active("a web page (HTML)");
            case "image/svg+xml" -> Finding.active("an SVG image");
            case "application/x-ms-shortcut" -> Finding.active("a Windows shortcut (LNK)");
            case "application/vnd.ms-htmlhelp", "application/winhlp" -> Finding.active("compiled HTML help");
            default -> type.startsWith("application/x-mach-o") ? Finding.program("macOS executable")
                    : JAVASCRIPT.contains(type) ? Finding.script("JavaScript") : null;
        });
    }

    /**
     * Tell-tales of scripts, shortcuts and web pages in text: section headers of shortcut and launcher files, script
     * elements, the objects and commands scripts use, and XML roots that Windows runs. Searched in the first
     * {@link #TEXT_SCAN_LIMIT} bytes, decoded as UTF-16 when a byte order mark says so (regedit writes UTF-16).
     */
    static Optional<Finding> inText(byte[] content, int length) {
        String text = decode(content, Math.min(length, TEXT_SCAN_LIMIT));
        Optional<Finding> byRoot = xmlRoot(text).map(root -> SCRIPT_ROOTS.get(root.toLowerCase(Locale.ROOT)));
        if (byRoot.isPresent()) {
            return byRoot;
        }
        Matcher m = TELL_TALES.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return TELL_TALE_FINDINGS.entrySet().stream().filter(e -> m.group(e.getKey()) != null)
                .map(Map.Entry::getValue).findFirst();
    }

    /** Whether bytes read as text: a UTF-16 byte order mark, or no NUL byte at all. */
    static boolean looksLikeText(byte[] b, int length) {
        if (startsWith(b, length, 0xFF, 0xFE) || startsWith(b, length, 0xFE, 0xFF)) {
            return true;
        }
        for (int i = 0; i < length; i++) {
            if (b[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** The local name of the first element of an XML document, if the text starts like one. */
    static Optional<String> xmlRoot(String text) {
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int limit = Math.min(text.length(), 64 * 1024);
        while (i < limit) {
            while (i < limit && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= limit || text.charAt(i) != '<') {
                return Optional.empty();
            }
            if (text.startsWith("<?", i)) {
                i = skipPast(text, i, "?>");
            } else if (text.startsWith("<!--", i)) {
                i = skipPast(text, i, "-->");
            } else if (text.startsWith("<!", i)) {
                i = skipDeclaration(text, i);
            } else {
                int start = i + 1;
                int end = start;
                while (end < limit && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '>'
                        && text.charAt(end) != '/') {
                    end++;
                }
                String name = text.substring(start, end);
                return name.isEmpty() ? Optional.empty() : Optional.of(name.substring(name.indexOf(':') + 1));
            }
            if (i < 0) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static int skipPast(String text, int from, String end) {
        int at = text.indexOf(end, from);
        return at < 0 ? -1 : at + end.length();
    }

    /** Skips a DOCTYPE, internal subset and all. */
    private static int skipDeclaration(String text, int from) {
        int depth = 0;
        for (int i = from + 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '>' && depth <= 0) {
                return i + 1;
            }
        }
        return -1;
    }

    private static String decode(byte[] content, int length) {
        if (startsWith(content, length, 0xFF, 0xFE)) {
            return new String(content, 2, length - 2, StandardCharsets.UTF_16LE);
        }
        if (startsWith(content, length, 0xFE, 0xFF)) {
            return new String(content, 2, length - 2, StandardCharsets.UTF_16BE);
        }
        // One char per byte: the tell-tales are ASCII, and they read the same in UTF-8 and the Latin charsets.
        return new String(content, 0, length, StandardCharsets.ISO_8859_1);
    }

    private static String officeApplication(String type) {
        if (type.contains("word")) {
            return "Word";
        }
        if (type.contains("excel")) {
            return "Excel";
        }
        if (type.contains("powerpoint")) {
            return "PowerPoint";
        }
        return type.contains("visio") ? "Visio" : "Office";
    }

    static boolean startsWith(byte[] b, int length, int... prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasZeroByte(byte[] b, int length) {
        for (int i = 0; i < length; i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }

    static List<String> deniedExtensions() {
        return List.copyOf(BY_EXTENSION.keySet());
    }
}
