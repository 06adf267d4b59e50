package org.consilium.platform.web;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * Puts {@link TomcatErrorValve} in the place of Tomcat's error report valve (and of the one Spring Boot adds), so
 * that no answer is ever Tomcat's HTML report.
 */
@Component
final class TomcatErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final ObjectProvider<ProblemWriter> problems;
    private final ObjectProvider<SpringTemplateEngine> templates;

    // Providers: the web server is made early in the start-up, before the beans that write the answers.
    TomcatErrors(ObjectProvider<ProblemWriter> problems, ObjectProvider<SpringTemplateEngine> templates) {
        this.problems = problems;
        this.templates = templates;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        String contextPath = factory.getContextPath();
        TomcatErrorValve valve = new TomcatErrorValve(contextPath, problems::getObject,
                new ErrorPageHtml(templates::getObject, contextPath));
        factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            for (Valve existing : host.getPipeline().getValves()) {
                if (existing instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(existing);
                }
            }
            host.getPipeline().addValve(valve);
            // Else the host adds a valve of its default class again when it starts.
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(TomcatErrorValve.class.getName());
            }
        });
    }

    /** After Spring Boot's own customizer, which adds an error report valve of its own. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
