package org.consilium.platform.web;

import java.util.List;
import org.consilium.identity.AccessScopes;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final AccessScopes scopes;

    WebConfiguration(AccessScopes scopes) {
        this.scopes = scopes;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new AccessScopeResolver(scopes));
    }
}
