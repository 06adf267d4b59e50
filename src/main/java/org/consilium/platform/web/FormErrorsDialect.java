package org.consilium.platform.web;

import java.util.Set;
import org.consilium.shared.FormErrors;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.processor.element.AbstractAttributeTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.expression.StandardExpressions;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * {@code cs:errors="input-id"} on a form's input ties it to its problem for screen readers: when the page's
 * {@link FormErrors} hold a message for that input, the input gets {@code aria-invalid="true"} and its
 * {@code aria-describedby} names the message (ahead of any description it already had). Without a problem the
 * attribute simply goes. The value is an input id, or a Thymeleaf expression ({@code ${…}} or {@code |…|}) for rows
 * that repeat.
 */
@Component
class FormErrorsDialect extends AbstractProcessorDialect {

    FormErrorsDialect() {
        super("Consilium form errors", "cs", 1000);
    }

    @Override
    public Set<IProcessor> getProcessors(String prefix) {
        return Set.of(new ErrorsAttribute(prefix));
    }

    private static final class ErrorsAttribute extends AbstractAttributeTagProcessor {

        ErrorsAttribute(String prefix) {
            // After th:field (precedence 1700 in the standard dialect's scale) has set the input's own attributes.
            super(TemplateMode.HTML, prefix, null, false, "errors", true, 2000, true);
        }

        @Override
        protected void doProcess(ITemplateContext context, IProcessableElementTag tag, AttributeName attributeName,
                String value, IElementTagStructureHandler structure) {
            if (!(context.getVariable(FormErrors.ATTRIBUTE) instanceof FormErrors errors)) {
                return;
            }
            String input = value.startsWith("${") || value.startsWith("|")
                    ? String.valueOf(StandardExpressions.getExpressionParser(context.getConfiguration())
                            .parseExpression(context, value).execute(context))
                    : value;
            if (!errors.at(input)) {
                return;
            }
            String described = tag.getAttributeValue("aria-describedby");
            structure.setAttribute("aria-invalid", "true");
            structure.setAttribute("aria-describedby",
                    described == null ? errors.messageId(input) : errors.messageId(input) + " " + described);
        }
    }
}
