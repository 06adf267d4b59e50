package org.consilium.platform.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * The app's error page ({@code templates/problem.html} in its layout) rendered without a request, for answers that
 * Tomcat writes before the application runs. One rendering per status, kept: the page names no one and quotes
 * nothing from the request.
 */
final class ErrorPageHtml {

    private final Supplier<SpringTemplateEngine> appTemplates;
    private final String contextPath;
    private final Map<Integer, String> rendered = new ConcurrentHashMap<>();
    private volatile @Nullable SpringTemplateEngine engine;

    ErrorPageHtml(Supplier<SpringTemplateEngine> appTemplates, String contextPath) {
        this.appTemplates = appTemplates;
        this.contextPath = contextPath;
    }

    String forStatus(int status) {
        return rendered.computeIfAbsent(status, this::render);
    }

    private String render(int status) {
        ErrorAnswers.Page page = ErrorAnswers.page(status);
        Context context = new Context();
        context.setVariable("problemTitle", page.title());
        context.setVariable("detail", page.detail());
        return engine().process("problem", context);
    }

    /**
     * The app's templates, with links resolved against the context path: the app's own engine only builds links
     * inside a request.
     */
    private SpringTemplateEngine engine() {
        SpringTemplateEngine built = engine;
        if (built == null) {
            SpringTemplateEngine templates = new SpringTemplateEngine();
            templates.setTemplateResolvers(appTemplates.get().getTemplateResolvers());
            templates.setLinkBuilder(new StandardLinkBuilder() {
                @Override
                protected String computeContextPath(IExpressionContext context, String base,
                        Map<String, Object> parameters) {
                    return contextPath;
                }
            });
            engine = templates;
            built = templates;
        }
        return built;
    }
}
