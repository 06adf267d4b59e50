package org.consilium.records.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.consilium.FileFixtures;
import org.junit.jupiter.api.Test;

class ThumbnailsTests {

    private final Thumbnails thumbnails = new Thumbnails();

    @Test
    void the_first_page_of_a_pdf_is_drawn_small() throws IOException {
        // when
        BufferedImage picture = read(thumbnails.of(FileFixtures.pdf("Pathology"), "application/pdf").orElseThrow());

        // then a letter page, 256 pixels high
        assertThat(picture.getHeight()).isEqualTo(Thumbnails.MAX_SIDE);
        assertThat(picture.getWidth()).isBetween(190, 200);
    }

    @Test
    void a_page_of_any_claimed_size_is_drawn_at_the_thumbnails_size() throws IOException {
        // given a page of 200 × 200 inches' worth of points, the largest PDF allows, and more
        byte[] huge = FileFixtures.pdf((document, page) -> page.setMediaBox(new PDRectangle(1_000_000, 500_000)));

        // when
        BufferedImage picture = read(thumbnails.of(huge, "application/pdf").orElseThrow());

        // then
        assertThat(picture.getWidth()).isEqualTo(Thumbnails.MAX_SIDE);
        assertThat(picture.getHeight()).isEqualTo(Thumbnails.MAX_SIDE / 2);
    }

    @Test
    void a_page_of_no_size_has_no_thumbnail() throws IOException {
        // given
        byte[] empty = FileFixtures.pdf((document, page) -> page.setMediaBox(new PDRectangle(0, 0)));

        // when / then
        assertThat(thumbnails.of(empty, "application/pdf")).isEmpty();
    }

    @Test
    void an_image_is_scaled_down_keeping_its_proportions_and_a_small_one_kept_as_it_is() throws IOException {
        // when
        BufferedImage large = read(thumbnails.of(FileFixtures.png(2000, 1000), "image/png").orElseThrow());
        BufferedImage small = read(thumbnails.of(FileFixtures.png(40, 30), "image/png").orElseThrow());
        BufferedImage jpeg = read(thumbnails.of(FileFixtures.jpeg(), "image/jpeg").orElseThrow());

        // then
        assertThat(large.getWidth()).isEqualTo(256);
        assertThat(large.getHeight()).isEqualTo(128);
        assertThat(large.getRGB(128, 64) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(small.getWidth()).isEqualTo(40);
        assertThat(jpeg.getWidth()).isEqualTo(4);
    }

    @Test
    void a_decompression_bomb_is_refused_before_it_is_decoded() throws IOException {
        // given a PNG of a few hundred bytes claiming 100,000 × 100,000 pixels (40 GB decoded)
        byte[] bomb = FileFixtures.pngClaiming(100_000, 100_000);

        // when / then
        assertThat(bomb.length).isLessThan(10_000);
        assertThat(thumbnails.of(bomb, "image/png")).isEmpty();
    }

    @Test
    void other_types_have_none() throws IOException {
        // when / then
        assertThat(thumbnails.of(FileFixtures.docx("x"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document")).isEmpty();
    }

    private static BufferedImage read(byte[] png) throws IOException {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        return image;
    }
}
