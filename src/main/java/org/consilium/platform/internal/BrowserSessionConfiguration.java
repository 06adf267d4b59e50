package org.consilium.platform.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * Browser sessions in PostgreSQL (Spring Session JDBC, tables made by the platform's migration). A page's requests
 * arrive together (the page, its htmx fragments, a keep-alive), each saving the same session: an attribute is written
 * with an upsert, so two of them adding it at once do not fail on its key.
 */
@Configuration(proxyBeanMethods = false)
class BrowserSessionConfiguration {

    @Bean
    PostgreSqlJdbcIndexedSessionRepositoryCustomizer upsertSessionAttributes() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }
}
