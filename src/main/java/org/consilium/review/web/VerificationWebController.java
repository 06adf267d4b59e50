package org.consilium.review.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Locale;
import org.consilium.platform.RateLimiter;
import org.consilium.review.ReviewManagement;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public page where anyone given an opinion's verification code (a doctor, an insurer) checks that it is
 * genuine. It shows no clinical content and is rate-limited per client address.
 */
@Controller
class VerificationWebController {

    static final int LOOKUPS_PER_MINUTE = 20;

    private final ReviewManagement review;
    private final RateLimiter limiter;

    VerificationWebController(ReviewManagement review, RateLimiter limiter) {
        this.review = review;
        this.limiter = limiter;
    }

    @GetMapping("/verify")
    String form(@RequestParam(required = false) @Nullable String code) {
        if (code != null && !code.isBlank()) {
            return "redirect:/verify/" + code.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z2-7]", "");
        }
        return "review/verify";
    }

    @GetMapping("/verify/{code}")
    String verify(@PathVariable String code, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        model.addAttribute("code", code);
        if (!limiter.tryAcquire("verify", request.getRemoteAddr(), LOOKUPS_PER_MINUTE, Duration.ofMinutes(1))) {
            response.setStatus(429);
            response.setHeader("Retry-After", "60");
            model.addAttribute("limited", true);
            return "review/verify";
        }
        var verification = review.verify(code.toLowerCase(Locale.ROOT));
        if (verification.isEmpty()) {
            response.setStatus(404);
        }
        model.addAttribute("verification", verification.orElse(null));
        model.addAttribute("looked", true);
        return "review/verify";
    }
}
