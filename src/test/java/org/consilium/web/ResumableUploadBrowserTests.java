package org.consilium.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.consilium.FileFixtures;
import org.consilium.shared.CaseId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A patient chooses a whole folder (a copied CD: reports, a DICOM series, and the viewer program CDs carry), watches
 * it go up, reloads the page mid-way, chooses the folder again, and it finishes from where it was: no file sent
 * twice, the program left out, every record in the list.
 */
class ResumableUploadBrowserTests extends LoopBrowserTest {

    /** Large enough to be mid-way when the page reloads, at the upload speed the browser is held to. */
    private static final int LARGE = 24 * 1024 * 1024;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path cd;

    @Test
    void a_folder_goes_up_with_progress_survives_a_reload_and_finishes_where_it_stopped() throws Exception {
        // given a copied CD and a patient's draft case, in a browser held to 4 MB/s of upload
        Path study = Files.createDirectories(cd.resolve("CD/DICOM/SERIES1"));
        Files.write(cd.resolve("CD/report.pdf"), FileFixtures.pdf("MRI brain: enhancing lesion, right temporal"));
        Files.write(cd.resolve("CD/autorun.inf"), "[autorun]\nopen=viewer.exe\n".getBytes());
        Files.write(cd.resolve("CD/viewer.exe"), FileFixtures.elfExecutable());
        Files.write(study.resolve("IM0001"), dicom(3_000));
        Files.write(study.resolve("IM0002"), dicom(LARGE));
        CaseId id = loop().draft(false);
        Page patient = signIn(LoopCases.PATIENT);
        patient.navigate(url("/cases/" + id));
        CDPSession devtools = patient.context().newCDPSession(patient);
        devtools.send("Network.enable");
        JsonObject slow = new JsonObject();
        slow.addProperty("offline", false);
        slow.addProperty("latency", 0);
        slow.addProperty("downloadThroughput", -1);
        slow.addProperty("uploadThroughput", 4 * 1024 * 1024);
        devtools.send("Network.emulateNetworkConditions", slow);

        // when they choose the folder
        patient.locator("#record-category").selectOption("IMAGING_STUDY");
        patient.locator("#record-folder").setInputFiles(cd.resolve("CD"));

        // then each file has its row and the whole shows progress, the program and the CD's autorun are left out
        Locator files = patient.locator("[data-upload-files] li");
        assertThat(files).hasCount(5);
        assertThat(files.filter(new Locator.FilterOptions().setHasText("viewer.exe"))).containsText("Skipped");
        assertThat(files.filter(new Locator.FilterOptions().setHasText("autorun.inf"))).containsText("Skipped");
        Locator large = files.filter(new Locator.FilterOptions().setHasText("IM0002"));
        patient.waitForCondition(() -> progressOf(large) > 2 * 1024 * 1024);
        assertThat(patient.locator("[data-upload-overall]")).containsText(" of ");
        assertThat(patient.locator("[data-upload-overall]")).containsText("left");

        // when the page reloads while the large file is on its way, and the same folder is chosen again
        patient.reload();
        assertThat(patient.locator("[data-upload-interrupted]")).containsText("interrupted");
        long kept = offsetOf(id, "IM0002");
        assertThat(kept).isBetween(1L, (long) LARGE - 1);
        patient.locator("#record-category").selectOption("IMAGING_STUDY");
        patient.locator("#record-folder").setInputFiles(cd.resolve("CD"));

        // then what was stored is not sent again, the large file goes on from where it was, and every record is
        // listed
        Locator again = patient.locator("[data-upload-files] li");
        assertThat(again.filter(new Locator.FilterOptions().setHasText("IM0002"))).containsText("Stored",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        assertThat(patient.locator("#records-list table")).containsText("IM0002");
        assertThat(patient.locator("#records-list table")).containsText("report.pdf");
        assertThat(patient.locator("#records-list table")).containsText("IM0001");
        assertThat(jdbc.sql("select count(*) from records_uploads where case_id = ? and filename like 'IM0002%'")
                .param(id.value()).query(Long.class).single()).as("the large file's uploads").isEqualTo(1);
        assertThat(jdbc.sql("select filename from records_records where case_id = ? order by filename")
                .param(id.value()).query(String.class).list()).hasSize(3)
                .allSatisfy(name -> assertThat(name).doesNotContain("viewer", "autorun"));
        List<String> states = jdbc.sql("select state from records_uploads where case_id = ?").param(id.value())
                .query(String.class).list();
        assertThat(states).containsOnly("stored");
        assertThat(patient.locator("[data-upload-overall]")).containsText("Done: ");

        // and on a phone, the report shows in the page and its details can be edited, as wide as the screen
        patient.setViewportSize(390, 844);
        patient.reload();
        Locator more = patient.locator("tr.record-more").filter(new Locator.FilterOptions()
                .setHas(patient.locator("iframe[title='report.pdf']")));
        more.locator("summary").filter(new Locator.FilterOptions().setHasText("Show")).click();
        more.locator("summary").filter(new Locator.FilterOptions().setHasText("Edit details")).click();
        assertThat(((Number) more.locator("iframe").evaluate("frame => frame.getBoundingClientRect().width"))
                .doubleValue()).isGreaterThan(300);
        assertThat((Boolean) patient.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling at 390 px").isTrue();
        patient.context().close();
    }

    private static double progressOf(Locator row) {
        return ((Number) row.locator("progress").evaluate("bar => bar.value")).doubleValue();
    }

    private long offsetOf(CaseId id, String filename) throws InterruptedException {
        // The server learns that the reloaded page's request ended a moment after the page does.
        for (int i = 0; i < 100; i++) {
            List<Long> offsets = jdbc.sql("select received from records_uploads where case_id = ? and filename "
                    + "like ? and lease_token is null").params(id.value(), filename + "%").query(Long.class).list();
            if (!offsets.isEmpty() && offsets.getFirst() > 0) {
                return offsets.getFirst();
            }
            Thread.sleep(100);
        }
        return 0;
    }

    /** A DICOM file of about the given size: the header, then filler standing for pixel data. */
    private static byte[] dicom(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 256);
        out.writeBytes(FileFixtures.dicom());
        byte[] filler = new byte[size];
        new java.util.Random(size).nextBytes(filler);
        out.writeBytes(filler);
        return out.toByteArray();
    }
}
