package org.consilium.records.internal;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.tika.Tika;
import org.apache.tika.io.TikaInputStream;
import org.consilium.FileFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Screening never writes an upload to disk ("no plaintext on disk"): Tika's container detectors, POI and PDFBox can all
 * spool to temporary files, and PDFBox writes a font cache to the home folder. A separate JVM screens office files,
 * archives and PDFs with its temporary folder and home folder pointed at empty folders that are watched; nothing may
 * appear in either. The same JVM running Tika's own facade on an OLE2 file does spool, which shows the watch sees it.
 */
class NoPlaintextOnDiskTests {

    @Test
    void screening_office_files_archives_and_pdfs_writes_nothing_to_the_temporary_or_home_folder(
            @TempDir Path temporary, @TempDir Path home) throws Exception {
        // when
        List<String> written = runWatched(Probe.SCREENING, temporary, home);

        // then
        assertThat(written).isEmpty();
    }

    @Test
    void reading_text_and_drawing_thumbnails_writes_nothing_to_the_temporary_or_home_folder(
            @TempDir Path temporary, @TempDir Path home) throws Exception {
        // when
        List<String> written = runWatched(Probe.PROCESSING, temporary, home);

        // then
        assertThat(written).isEmpty();
    }

    @Test
    void the_watch_sees_what_tika_spools_when_given_a_tika_input_stream(@TempDir Path temporary,
            @TempDir Path home) throws Exception {
        // when
        List<String> written = runWatched(Probe.TIKA_FACADE, temporary, home);

        // then
        assertThat(written).isNotEmpty();
    }

    /** Runs the probe in a JVM of its own and answers what appeared in its temporary and home folders. */
    private static List<String> runWatched(String mode, Path temporary, Path home) throws Exception {
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            temporary.register(watch, ENTRY_CREATE, ENTRY_MODIFY);
            home.register(watch, ENTRY_CREATE, ENTRY_MODIFY);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process probe = new ProcessBuilder(java.toString(), "-XX:-UsePerfData", "-Xshare:auto",
                    "-Djava.io.tmpdir=" + temporary, "-Duser.home=" + home,
                    "-cp", System.getProperty("java.class.path"), Probe.class.getName(), mode)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(probe.getInputStream().readAllBytes());
            assertThat(probe.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(probe.exitValue()).as(output).isZero();
            assertThat(output).as(output).contains("probe done");

            List<String> seen = new ArrayList<>();
            WatchKey key;
            while ((key = watch.poll(500, TimeUnit.MILLISECONDS)) != null) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    seen.add(event.kind() + " " + key.watchable() + "/" + event.context());
                }
                key.reset();
            }
            try (var left = Files.list(temporary)) {
                left.forEach(p -> seen.add("left " + p));
            }
            return seen;
        }
    }

    /** What the separate JVM runs. */
    static final class Probe {

        static final String SCREENING = "screening";
        static final String TIKA_FACADE = "tika";
        static final String PROCESSING = "processing";

        public static void main(String[] args) throws IOException {
            Map<String, byte[]> files = files();
            if (args[0].equals(PROCESSING)) {
                TextExtraction text = new TextExtraction();
                Thumbnails thumbnails = new Thumbnails();
                Map<String, byte[]> typed = new LinkedHashMap<>();
                typed.put("application/pdf", FileFixtures.pdf("Report"));
                typed.put("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        FileFixtures.docx("Dear colleague"));
                typed.put("application/vnd.oasis.opendocument.text", FileFixtures.odt("Note"));
                typed.put("application/rtf", FileFixtures.rtf("Letter"));
                typed.put("image/png", FileFixtures.png(600, 400));
                typed.put("image/jpeg", FileFixtures.jpeg());
                typed.put("application/pdf ", FileFixtures.pdf((document, page) -> {
                    var image = org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory.createFromByteArray(document,
                            FileFixtures.jpeg());
                    try (var drawing = new org.apache.pdfbox.pdmodel.PDPageContentStream(document, page)) {
                        drawing.drawImage(image, 50, 50, 200, 200);
                    }
                }));
                for (Map.Entry<String, byte[]> file : typed.entrySet()) {
                    String type = file.getKey().strip();
                    System.out.println(type + ": " + text.extract(file.getValue(), type) + " "
                            + thumbnails.of(file.getValue(), type).map(png -> png.length));
                }
            } else if (args[0].equals(SCREENING)) {
                FileScreening screening = new FileScreening();
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    System.out.println(file.getKey() + ": " + screening.screen(file.getValue(), file.getKey()));
                }
            } else {
                try (TikaInputStream stream = TikaInputStream.get(new ByteArrayInputStream(files.get("letter.doc")))) {
                    System.out.println("tika: " + new Tika().detect(stream));
                }
            }
            System.out.println("probe done");
        }

        private static Map<String, byte[]> files() {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("letter.docx", FileFixtures.docx("Dear colleague"));
            files.put("labs.xlsx", FileFixtures.xlsx());
            files.put("letter.doc", FileFixtures.doc(Map.of()));
            files.put("macros.doc", FileFixtures.doc(Map.of("Macros/VBA/dir", new byte[64])));
            files.put("labs.xls", FileFixtures.xls());
            files.put("note.odt", FileFixtures.openDocument("application/vnd.oasis.opendocument.text", Map.of()));
            files.put("report.pdf", FileFixtures.pdf("Report"));
            files.put("script.pdf", FileFixtures.pdf((document, page) -> document.getDocumentCatalog()
                    .setOpenAction(new PDActionJavaScript("app.alert(1)"))));
            files.put("records.zip", FileFixtures.zip(Map.of("a/letter.docx", FileFixtures.docx("x"),
                    "a/labs.xls", FileFixtures.xls(), "b/inner.zip", FileFixtures.zip("report.pdf",
                            FileFixtures.pdf("Inner")))));
            return files;
        }
    }
}
