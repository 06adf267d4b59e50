package org.consilium.identity;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Single sign-on for staff by OpenID Connect ({@code consilium.sso.*}, or {@code CONSILIUM_SSO_*}): on only when an
 * issuer is set. The rules that turn an identity provider's answer into a Consilium role and into a count of factors
 * live here, so one unit test walks them.
 *
 * @param issuerUri the provider's issuer, whose {@code /.well-known/openid-configuration} is read on first use; null
 *     turns single sign-on off
 * @param displayName the provider's name as people know it ("Northwell SSO"): the sign-in button says "Sign in with"
 *     it, the step-up button "Confirm with" it
 * @param roleClaim the ID token claim that lists the person's groups or roles (a list, or one string)
 * @param roleMapping claim value to staff role name; when empty, a claim value equal to a staff role's name (any case)
 *     is that role. When set, only the values it names count, so a provider's unrelated groups ("admin" of some
 *     other system) never become Consilium roles
 * @param mfaAmr RFC 8176 {@code amr} values that mean the provider asked for more than a password
 * @param mfaAcr {@code acr} values that the provider gives only for a multi-factor sign-in
 * @param provision whether a first sign-in with a verified address that has no account makes a staff account from
 *     the role claim; when false, only accounts an administrator invited may sign in this way
 */
@ConfigurationProperties("consilium.sso")
public record SingleSignOnSettings(@Nullable String issuerUri, @Nullable String clientId,
        @Nullable String clientSecret, @DefaultValue("your organization") String displayName,
        @DefaultValue("roles") String roleClaim, @DefaultValue Map<String, String> roleMapping,
        @DefaultValue({"mfa", "hwk", "swk", "otp", "sc", "fpt", "face"}) List<String> mfaAmr,
        @DefaultValue List<String> mfaAcr, @DefaultValue("false") boolean provision) {

    /** The registration id, in the redirect address the provider is told: {@code /login/oauth2/code/sso}. */
    public static final String REGISTRATION = "sso";

    public SingleSignOnSettings {
        issuerUri = issuerUri == null || issuerUri.isBlank() ? null : issuerUri.strip();
        Map<String, String> mapping = new LinkedHashMap<>();
        roleMapping.forEach((value, role) -> mapping.put(value.strip().toLowerCase(Locale.ROOT),
                staffRole(role).orElseThrow(() -> new IllegalArgumentException("consilium.sso.role-mapping maps "
                        + value + " to " + role + ", which is not a staff role")).name()));
        roleMapping = Map.copyOf(mapping);
        mfaAmr = mfaAmr.stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty()).toList();
        mfaAcr = mfaAcr.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
        if (issuerUri != null && (clientId == null || clientId.isBlank())) {
            throw new IllegalArgumentException("consilium.sso.client-id is needed when consilium.sso.issuer-uri is set");
        }
    }

    /** Whether single sign-on is on. */
    public boolean enabled() {
        return issuerUri != null;
    }

    /** The staff roles a role claim grants; values that map to none are ignored. */
    public Set<Role> rolesGranted(Collection<String> claimValues) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : claimValues) {
            String key = value.strip().toLowerCase(Locale.ROOT);
            Optional<Role> role = roleMapping.isEmpty() ? staffRole(key)
                    : Optional.ofNullable(roleMapping.get(key)).map(Role::valueOf);
            role.ifPresent(roles::add);
        }
        return roles;
    }

    /** Whether the provider says it asked for more than one factor: by {@code amr}, or by {@code acr}. */
    public boolean reportsMultiFactor(Collection<String> amr, @Nullable String acr) {
        boolean byAmr = amr.stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).anyMatch(mfaAmr::contains);
        return byAmr || (acr != null && mfaAcr.contains(acr.strip()));
    }

    /** A claim's values: a list's elements, or a string's words (split at commas and spaces); none when absent. */
    public static List<String> values(@Nullable Object claim) {
        if (claim instanceof Collection<?> many) {
            return many.stream().filter(java.util.Objects::nonNull).map(Object::toString).toList();
        }
        if (claim instanceof String one) {
            return java.util.Arrays.stream(one.split("[,\\s]+")).filter(v -> !v.isEmpty()).toList();
        }
        return List.of();
    }

    private static Optional<Role> staffRole(String name) {
        return java.util.Arrays.stream(Role.values()).filter(Role::isStaff)
                .filter(r -> r.name().equalsIgnoreCase(name.strip())).findFirst();
    }

    /** Never the client secret: a record's own text would put it in any log line that prints the settings. */
    @Override
    public String toString() {
        return "SingleSignOnSettings[issuerUri=" + issuerUri + ", clientId=" + clientId + ", roleClaim=" + roleClaim
                + ", roleMapping=" + roleMapping.keySet().stream().sorted().collect(Collectors.joining(","))
                + ", mfaAmr=" + mfaAmr + ", mfaAcr=" + mfaAcr + ", provision=" + provision + "]";
    }
}
