package org.consilium;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts password hashes and checks (Argon2, slow on purpose), and how many of them ran while their thread held a
 * database connection or a transaction, which would pin a pooled connection for their whole duration. Part of the
 * shared integration-test configuration; it changes nothing but counting.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PasswordHashingWatch implements BeanPostProcessor {

    public static final AtomicInteger HASHES = new AtomicInteger();
    public static final AtomicInteger HASHES_HOLDING_A_CONNECTION = new AtomicInteger();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof PasswordEncoder encoder) {
            return new PasswordEncoder() {
                @Override
                public String encode(CharSequence raw) {
                    watch();
                    return encoder.encode(raw);
                }

                @Override
                public boolean matches(CharSequence raw, String encoded) {
                    watch();
                    return encoder.matches(raw, encoded);
                }

                @Override
                public boolean upgradeEncoding(String encoded) {
                    return encoder.upgradeEncoding(encoded);
                }
            };
        }
        return bean;
    }

    private static void watch() {
        HASHES.incrementAndGet();
        boolean holding = TransactionSynchronizationManager.isActualTransactionActive()
                || TransactionSynchronizationManager.getResourceMap().values().stream()
                        .anyMatch(ConnectionHolder.class::isInstance);
        if (holding) {
            HASHES_HOLDING_A_CONNECTION.incrementAndGet();
        }
    }
}
