package org.consilium.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.consilium.audit.internal.AuditLog.Line;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Writes a request's refusals to the audit trail once its transaction is over and before its answer is written:
 * when the refusal leaves the controller as an exception (first of the exception resolvers, which resolves nothing
 * itself), or when a page caught it and renders a message (after the handler, before the view). Whatever is still
 * pending when the request completes is written then.
 */
@Configuration(proxyBeanMethods = false)
class DenialFlush implements WebMvcConfigurer, HandlerInterceptor, HandlerExceptionResolver {

    static final String PENDING = DenialFlush.class.getName() + ".pending";

    private final AuditTrail trail;

    DenialFlush(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
        resolvers.addFirst(this);
    }

    @Override
    public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
            @Nullable Object handler, Exception ex) {
        flush(request);
        return null;
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
            @Nullable ModelAndView modelAndView) {
        flush(request);
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            @Nullable Exception ex) {
        flush(request);
    }

    private void flush(HttpServletRequest request) {
        @SuppressWarnings("unchecked")
        List<Line> pending = (List<Line>) request.getAttribute(PENDING);
        if (pending != null && !pending.isEmpty()) {
            List<Line> lines = List.copyOf(pending);
            pending.clear();
            trail.writeSeparately(lines);
        }
    }
}
