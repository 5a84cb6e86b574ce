// WCAG 2.2 AA contrast of the web pages (HR's and the leaders'): their one stylesheet
// (hr/hr_html.h webStyleSheet()) is parsed, and every text colour it sets is checked against
// every background it sets and the page's white (a superset of the pairs a page can show): at
// least 4.5:1 (1.4.3; no text of ours is large, so no 3:1 exemption is taken); the form controls'
// borders and the focus ring at least 3:1 against the same backgrounds (1.4.11). A colour the
// parser does not know fails the test, so a new one cannot slip past.
#include "hr/hr_html.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace osm;

namespace {

struct Rule {
    std::string selector;
    std::map<std::string, std::string> declarations;
};

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\n");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\n") - first + 1);
}

// The rules of a stylesheet, those inside @media blocks among them.
void parseRules(const std::string& css, std::size_t& at, std::vector<Rule>& out) {
    while (at < css.size()) {
        if (css[at] == '}') {
            ++at;
            return;
        }
        const std::size_t open = css.find('{', at);
        REQUIRE(open != std::string::npos);
        const std::string selector = trimmed(css.substr(at, open - at));
        at = open + 1;
        if (selector.rfind("@", 0) == 0) {
            parseRules(css, at, out);
            continue;
        }
        const std::size_t close = css.find('}', at);
        REQUIRE(close != std::string::npos);
        Rule rule{selector, {}};
        const std::string body = css.substr(at, close - at);
        std::size_t from = 0;
        while (from < body.size()) {
            std::size_t end = body.find(';', from);
            if (end == std::string::npos) end = body.size();
            const std::string declaration = body.substr(from, end - from);
            const std::size_t colon = declaration.find(':');
            if (colon != std::string::npos)
                rule.declarations[trimmed(declaration.substr(0, colon))] = trimmed(declaration.substr(colon + 1));
            from = end + 1;
        }
        out.push_back(std::move(rule));
        at = close + 1;
    }
}

struct Rgb {
    double r = 0, g = 0, b = 0;
};

// The colour a declaration's value names: a #rgb or #rrggbb token, or a plain name. nullopt for
// none (inherit, currentColor, a value without a colour); an unknown name fails the test.
std::optional<Rgb> colourIn(const std::string& value) {
    const std::size_t hash = value.find('#');
    if (hash == std::string::npos) {
        for (const char* none : {"inherit", "currentColor", "transparent", "none"}) {
            if (value.find(none) != std::string::npos) return std::nullopt;
        }
        if (value.find("white") != std::string::npos) return Rgb{1, 1, 1};
        if (value.find("black") != std::string::npos) return Rgb{0, 0, 0};
        return std::nullopt;
    }
    std::string hex;
    for (std::size_t i = hash + 1; i < value.size() && std::isxdigit(static_cast<unsigned char>(value[i])); ++i)
        hex += value[i];
    REQUIRE_MESSAGE((hex.size() == 3 || hex.size() == 6), "a colour the test cannot read: " << value);
    if (hex.size() == 3) hex = {hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]};
    auto channel = [&](std::size_t i) { return std::stoi(hex.substr(i * 2, 2), nullptr, 16) / 255.0; };
    return Rgb{channel(0), channel(1), channel(2)};
}

// WCAG 2.2's relative luminance and contrast ratio.
double luminance(const Rgb& c) {
    auto linear = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double contrast(const Rgb& a, const Rgb& b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool namesControl(const std::string& selector) {
    for (const char* part : {"input", "select", "textarea", "button", "focus"}) {
        if (selector.find(part) != std::string::npos) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("the contrast ratio is WCAG's") {
    CHECK(contrast({0, 0, 0}, {1, 1, 1}) == doctest::Approx(21.0));
    CHECK(contrast(*colourIn("#767676"), *colourIn("#fff")) == doctest::Approx(4.54).epsilon(0.01));
    CHECK(contrast(*colourIn("#777"), *colourIn("white")) < 4.5);  // the lightest grey that fails on white
    CHECK_FALSE(colourIn("inherit").has_value());
}

TEST_CASE("the web pages' colours meet WCAG 2.2 AA contrast") {
    const std::string css = server::webStyleSheet();
    std::vector<Rule> rules;
    std::size_t at = 0;
    parseRules(css, at, rules);
    REQUIRE(rules.size() > 20);

    std::map<std::string, Rgb> backgrounds{{"the page (white)", {1, 1, 1}}};
    std::map<std::string, Rgb> texts, controls;
    std::set<std::string> bordered;
    for (const Rule& rule : rules) {
        for (const auto& [property, value] : rule.declarations) {
            const auto colour = colourIn(value);
            if (!colour) continue;
            const std::string where = rule.selector + " " + property + ":" + value;
            if (property == "color") texts[where] = *colour;
            if (property == "background" || property == "background-color") backgrounds[where] = *colour;
            if ((property.rfind("border", 0) == 0 || property.rfind("outline", 0) == 0) &&
                namesControl(rule.selector)) {
                controls[where] = *colour;
                bordered.insert(rule.selector);
            }
        }
    }
    REQUIRE(texts.size() >= 4);
    REQUIRE(backgrounds.size() >= 5);
    for (const auto& [text, fg] : texts) {
        for (const auto& [background, bg] : backgrounds) {
            CHECK_MESSAGE(contrast(fg, bg) >= 4.5, text << " on " << background << ": " << contrast(fg, bg) << ":1");
        }
    }
    // The fields' borders are the sheet's (not the browser's own), and they and the focus ring show.
    bool fields = false, focus = false;
    for (const std::string& selector : bordered) {
        fields =
            fields || (selector.find("input") != std::string::npos && selector.find("textarea") != std::string::npos &&
                       selector.find("select") != std::string::npos);
        focus = focus || selector.find("focus") != std::string::npos;
    }
    CHECK(fields);
    CHECK(focus);
    for (const auto& [control, colour] : controls) {
        for (const auto& [background, bg] : backgrounds) {
            CHECK_MESSAGE(contrast(colour, bg) >= 3.0,
                          control << " on " << background << ": " << contrast(colour, bg) << ":1");
        }
    }
}
