package org.consilium.records.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.consilium.identity.AccessScopes;
import org.consilium.identity.AccountDetails;
import org.consilium.records.RecordManagement;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Takes an upload slot before an API upload's parts are read, and gives it back when the request is done. An
 * interceptor runs before the controller's arguments are resolved, and parts are parsed lazily
 * ({@code resolve-lazily}), so an account over its limit is turned away before its bytes are read, and the bytes of
 * every other upload arrive before any transaction starts. (In the browser, the CSRF check reads the form's parts
 * first, so the page's controller takes its slot itself, and a refusal is shown on the case page.)
 */
final class ApiUploadSlots implements HandlerInterceptor {

    private static final String SLOT = ApiUploadSlots.class.getName() + ".slot";

    private final RecordManagement records;
    private final AccessScopes scopes;

    ApiUploadSlots(RecordManagement records, AccessScopes scopes) {
        this.records = records;
        this.scopes = scopes;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if ("POST".equals(request.getMethod()) && authentication != null
                && authentication.getPrincipal() instanceof AccountDetails account) {
            request.setAttribute(SLOT, records.startUpload(scopes.of(account)));
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            @Nullable Exception failure) {
        if (request.getAttribute(SLOT) instanceof RecordManagement.UploadSlot slot) {
            request.removeAttribute(SLOT);
            slot.close();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration implements WebMvcConfigurer {

        private final RecordManagement records;
        private final AccessScopes scopes;

        Registration(RecordManagement records, AccessScopes scopes) {
            this.records = records;
            this.scopes = scopes;
        }

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(new ApiUploadSlots(records, scopes)).addPathPatterns("/api/v1/cases/*/records");
        }
    }
}
