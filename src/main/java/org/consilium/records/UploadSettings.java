package org.consilium.records;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of resumable uploads, under {@code consilium.uploads}.
 *
 * @param maxFileSize the largest file one upload may bring
 * @param expiry how long an upload nobody adds to lives before its bytes are dropped; every request renews it
 * @param checkedInMemory the largest file checked whole in memory (its type, archives, macros, scripts); larger files
 *     are checked from their first bytes and, for PDFs, through the decrypting reader
 * @param checkingMemory how much memory the checks of all uploads finishing at once may take together; an upload
 *     finishing beyond it waits for its turn
 * @param unfinishedPerAccount how many unfinished uploads one account may have at once
 */
@ConfigurationProperties("consilium.uploads")
public record UploadSettings(@DefaultValue("10GB") DataSize maxFileSize, @DefaultValue("PT24H") Duration expiry,
        @DefaultValue("64MB") DataSize checkedInMemory, @DefaultValue("256MB") DataSize checkingMemory,
        @DefaultValue("100") int unfinishedPerAccount) {
}
