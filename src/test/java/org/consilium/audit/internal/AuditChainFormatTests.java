package org.consilium.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.consilium.audit.AuditEntry;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.junit.jupiter.api.Test;

/**
 * Known answers for the stored format of the audit chain: the entry MAC and the link hash. The expected values were
 * computed apart from this code (Python's hmac over the same length-prefixed fields), so a change of the format, which
 * would stop existing chains from verifying, fails here first.
 */
class AuditChainFormatTests {

    private static final SecretKey KEY = new SecretKeySpec(bytes(1, 32), "HmacSHA256");

    private static final AuditEntry ENTRY = new AuditEntry(42, Instant.parse("2026-11-30T10:15:30.123456Z"),
            new UserId(UUID.fromString("00000000-0000-0000-0000-00000000a001")), Role.PATIENT, null,
            "PatientDataRead", new CaseId(UUID.fromString("11111111-2222-3333-4444-555555555555")), "OK", null,
            "case, timeline", "127.0.0.1", "Mozilla/5.0 (X11; Linux) «é»");

    @Test
    void an_entry_s_mac_covers_every_field_in_the_stored_encoding() {
        // when
        String mac = AuditChain.entryMac(KEY, ENTRY);

        // then
        assertThat(mac).isEqualTo("d7480336a8fbead810f62d1bf47eac547189e3f11459b59160e7bf034c8ecf86");
    }

    @Test
    void a_list_page_s_entry_covers_the_cases_it_showed_in_version_2_of_the_encoding() {
        // given
        AuditEntry listed = new AuditEntry(43, Instant.parse("2026-11-30T10:15:30.123456Z"),
                new UserId(UUID.fromString("00000000-0000-0000-0000-00000000c001")), Role.COORDINATOR, null,
                "PatientDataRead", null, "OK", null, "case list", "127.0.0.1", "Mozilla/5.0",
                List.of(new CaseId(UUID.fromString("11111111-2222-3333-4444-555555555555")),
                        new CaseId(UUID.fromString("66666666-7777-8888-9999-000000000000"))));

        // when
        String mac = AuditChain.entryMac(KEY, listed);

        // then
        assertThat(mac).isEqualTo("d08428c817b8e96f878376a182814d94d33a817e247c7adec5b0e24b471a6df3");
        assertThat(AuditChain.entryMac(KEY, new AuditEntry(43, listed.at(), listed.actorId(), listed.actorRole(), null,
                listed.action(), null, "OK", null, "case list", "127.0.0.1", "Mozilla/5.0",
                listed.listedCases().reversed()))).isNotEqualTo(mac);
    }

    @Test
    void a_link_hash_covers_its_position_its_entry_and_the_link_before() {
        // when
        String hash = AuditChain.linkHash(KEY, 7, 42,
                "d7480336a8fbead810f62d1bf47eac547189e3f11459b59160e7bf034c8ecf86", AuditChain.GENESIS);

        // then
        assertThat(hash).isEqualTo("e304ef8786531ac78b1a9fea0923c0c4af7439cb254205c287c3c81b62416d05");
    }

    @Test
    void a_null_and_an_empty_field_differ() {
        // given
        AuditEntry empty = new AuditEntry(ENTRY.id(), ENTRY.at(), ENTRY.actorId(), ENTRY.actorRole(), null,
                ENTRY.action(), ENTRY.caseId(), ENTRY.outcome(), "", ENTRY.detail(), ENTRY.clientAddress(),
                ENTRY.userAgent());

        // when / then
        assertThat(AuditChain.entryMac(KEY, empty)).isNotEqualTo(AuditChain.entryMac(KEY, ENTRY));
    }

    @Test
    void moving_text_from_one_field_to_the_next_changes_the_mac() {
        // given: "case, timeline" + "127.0.0.1" versus "case, timeline127" + ".0.0.1"
        AuditEntry shifted = new AuditEntry(ENTRY.id(), ENTRY.at(), ENTRY.actorId(), ENTRY.actorRole(), null,
                ENTRY.action(), ENTRY.caseId(), ENTRY.outcome(), null, "case, timeline127", ".0.0.1",
                ENTRY.userAgent());

        // when / then
        assertThat(AuditChain.entryMac(KEY, shifted)).isNotEqualTo(AuditChain.entryMac(KEY, ENTRY));
    }

    @Test
    void another_key_gives_another_mac() {
        // when / then
        assertThat(AuditChain.entryMac(new SecretKeySpec(bytes(2, 33), "HmacSHA256"), ENTRY))
                .isNotEqualTo(AuditChain.entryMac(KEY, ENTRY));
    }

    private static byte[] bytes(int from, int to) {
        byte[] b = new byte[to - from + 1];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }
}
