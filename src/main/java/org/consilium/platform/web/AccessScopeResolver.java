package org.consilium.platform.web;

import org.consilium.identity.AccessScope;
import org.consilium.identity.AccessScopes;
import org.consilium.identity.AccountDetails;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a controller method take the caller's {@link AccessScope} as a parameter. */
final class AccessScopeResolver implements HandlerMethodArgumentResolver {

    private final AccessScopes scopes;

    AccessScopeResolver(AccessScopes scopes) {
        this.scopes = scopes;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(AccessScope.class);
    }

    @Override
    public AccessScope resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof AccountDetails account)) {
            throw new AuthenticationCredentialsNotFoundException("not signed in");
        }
        return scopes.of(account);
    }
}
