package org.consilium.platform.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The public front page. */
@Controller
class HomeController {

    @GetMapping("/")
    String home() {
        return "home";
    }
}
