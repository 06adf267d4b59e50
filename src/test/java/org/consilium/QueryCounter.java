package org.consilium;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the SQL statements the current thread prepares, so list endpoints can prove they do not issue one query per
 * row. Part of the shared integration-test configuration; it changes nothing but counting.
 */
@TestConfiguration(proxyBeanMethods = false)
public class QueryCounter implements BeanPostProcessor {

    private static final ThreadLocal<int[]> COUNT = ThreadLocal.withInitial(() -> new int[1]);
    private static final Set<String> STATEMENT_METHODS = Set.of("prepareStatement", "createStatement",
            "prepareCall");

    /** The number of statements {@code work} prepared on this thread. */
    public static int statementsIn(Runnable work) {
        int before = COUNT.get()[0];
        work.run();
        return COUNT.get()[0] - before;
    }

    public static <T> T counted(Supplier<T> work, int[] into) {
        int before = COUNT.get()[0];
        T result = work.get();
        into[0] = COUNT.get()[0] - before;
        return result;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && "dataSource".equals(beanName)) {
            return new DelegatingDataSource(dataSource) {
                @Override
                public Connection getConnection() throws java.sql.SQLException {
                    return counting(super.getConnection());
                }
            };
        }
        return bean;
    }

    private static Connection counting(Connection connection) {
        return (Connection) Proxy.newProxyInstance(QueryCounter.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (STATEMENT_METHODS.contains(method.getName())) {
                        COUNT.get()[0]++;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
