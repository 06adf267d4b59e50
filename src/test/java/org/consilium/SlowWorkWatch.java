package org.consilium;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.aopalliance.intercept.MethodInterceptor;
import org.consilium.records.internal.EncryptedBlobs;
import org.consilium.records.internal.FileScreening;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts the app's slow work (hashing and checking passwords with Argon2, screening an upload, encrypting and writing
 * it) and how often it ran while its thread held a database connection or a transaction, which would pin a pooled
 * connection for its whole duration. Part of the shared integration-test configuration; it changes nothing but
 * counting.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SlowWorkWatch implements BeanPostProcessor {

    /** What is watched: password hashing and checking, upload screening, blob encryption and writing. */
    public enum Work {
        PASSWORD, SCREENING, ENCRYPTION
    }

    /** Per kind of work: [times run, times run holding a connection]. */
    private static final Map<Work, AtomicIntegerArray> COUNTS = new ConcurrentHashMap<>();
    private static final Set<String> SCREENING = Set.of("screen");
    private static final Set<String> ENCRYPTION = Set.of("prepare", "store");

    /** How often the work ran so far. */
    public static int runs(Work work) {
        return counts(work).get(0);
    }

    /** How often the work ran so far while holding a connection. */
    public static int runsHoldingAConnection(Work work) {
        return counts(work).get(1);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof PasswordEncoder encoder) {
            return new PasswordEncoder() {
                @Override
                public String encode(CharSequence raw) {
                    watch(Work.PASSWORD);
                    return encoder.encode(raw);
                }

                @Override
                public boolean matches(CharSequence raw, String encoded) {
                    watch(Work.PASSWORD);
                    return encoder.matches(raw, encoded);
                }

                @Override
                public boolean upgradeEncoding(String encoded) {
                    return encoder.upgradeEncoding(encoded);
                }
            };
        }
        if (bean instanceof FileScreening || bean instanceof EncryptedBlobs) {
            Work work = bean instanceof FileScreening ? Work.SCREENING : Work.ENCRYPTION;
            Set<String> watched = work == Work.SCREENING ? SCREENING : ENCRYPTION;
            ProxyFactory proxy = new ProxyFactory(bean);
            proxy.setProxyTargetClass(true);
            proxy.addAdvice((MethodInterceptor) invocation -> {
                if (watched.contains(invocation.getMethod().getName())) {
                    watch(work);
                }
                return invocation.proceed();
            });
            return proxy.getProxy(bean.getClass().getClassLoader());
        }
        return bean;
    }

    private static AtomicIntegerArray counts(Work work) {
        return COUNTS.computeIfAbsent(work, w -> new AtomicIntegerArray(2));
    }

    private static void watch(Work work) {
        counts(work).incrementAndGet(0);
        boolean holding = TransactionSynchronizationManager.isActualTransactionActive()
                || TransactionSynchronizationManager.getResourceMap().values().stream()
                        .anyMatch(ConnectionHolder.class::isInstance);
        if (holding) {
            counts(work).incrementAndGet(1);
        }
    }
}
