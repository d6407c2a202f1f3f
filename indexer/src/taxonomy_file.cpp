#include "taxonomy_file.hpp"

#include "peerscope/indexer/error.hpp"

#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

namespace peerscope::indexer::taxonomy_detail {
namespace {

constexpr std::array<std::string_view, 4> kLevels = {"domain", "field", "subfield", "topic"};

std::string_view trim(std::string_view text) {
    const std::size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string_view::npos) {
        return {};
    }
    const std::size_t end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
}

bool valid_id(std::string_view id) {
    if (id.empty()) {
        return false;
    }
    for (const char c : id) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::optional<std::size_t> level_index(std::string_view level) {
    for (std::size_t i = 0; i < kLevels.size(); ++i) {
        if (kLevels[i] == level) {
            return i;
        }
    }
    return std::nullopt;
}

[[noreturn]] void fail(const std::string& origin, std::size_t line, const std::string& what) {
    throw Error(Errc::BadTaxonomy, located(origin, line, what));
}

/// A node while it is read: which single-valued keys were seen, and where.
struct Draft {
    FileNode file;
    std::map<std::string, std::size_t, std::less<>> key_lines;
    bool has_code = false;
};

class FileReader {
  public:
    FileReader(std::string_view text, const std::string& origin) : text_(text), origin_(origin) {}

    std::vector<Draft> run() {
        std::size_t line_number = 0;
        std::size_t at = 0;
        while (at <= text_.size()) {
            const std::size_t newline = text_.find('\n', at);
            const std::size_t end = newline == std::string_view::npos ? text_.size() : newline;
            ++line_number;
            line(text_.substr(at, end - at), line_number);
            if (newline == std::string_view::npos) {
                break;
            }
            at = newline + 1;
        }
        return std::move(drafts_);
    }

  private:
    void line(std::string_view raw, std::size_t number) {
        const std::string_view content = trim(raw);
        if (content.empty()) {
            continue_target_ = nullptr;
            return;
        }
        if (content.front() == '#') {
            return;
        }
        if (raw.front() == ' ' || raw.front() == '\t') {
            if (continue_target_ == nullptr) {
                fail(origin_,
                     number,
                     "indented line continues nothing (continuation lines must follow a "
                     "'key: value' line)");
            }
            continue_target_->push_back(' ');
            continue_target_->append(content);
            return;
        }
        if (content.front() == '[') {
            header(content, number);
            return;
        }
        key_value(content, number);
    }

    void header(std::string_view content, std::size_t number) {
        continue_target_ = nullptr;
        if (content.back() != ']') {
            fail(origin_,
                 number,
                 "node header must look like [id], found '" + std::string(content) + "'");
        }
        const std::string_view id = trim(content.substr(1, content.size() - 2));
        if (!valid_id(id)) {
            fail(origin_,
                 number,
                 "bad node id '" + std::string(id)
                     + "' (use lower-case letters, digits, '.', '-' and '_')");
        }
        Draft draft;
        draft.file.node.key = std::string(id);
        draft.file.line = number;
        drafts_.push_back(std::move(draft));
    }

    void key_value(std::string_view content, std::size_t number) {
        const std::size_t colon = content.find(':');
        if (colon == std::string_view::npos) {
            fail(origin_,
                 number,
                 "expected 'key: value' or a [id] header, found '" + std::string(content) + "'");
        }
        const std::string_view key = trim(content.substr(0, colon));
        const std::string_view value = trim(content.substr(colon + 1));
        if (drafts_.empty()) {
            fail(origin_, number, "'" + std::string(key) + ":' before the first [id] header");
        }
        Draft& draft = drafts_.back();
        TaxonomyNode& node = draft.file.node;
        if (key == "rule") {
            if (value.empty()) {
                fail(origin_, number, "empty rule");
            }
            node.rules.emplace_back(value);
            draft.file.rule_lines.push_back(number);
            continue_target_ = &node.rules.back();
            return;
        }
        std::string* target = nullptr;
        if (key == "name") {
            target = &node.display_name;
        } else if (key == "description") {
            target = &node.description;
        } else if (key == "level") {
            target = &node.level;
        } else if (key == "parent") {
            target = &node.parent_key;
        } else if (key != "code") {
            fail(origin_,
                 number,
                 "unknown key '" + std::string(key)
                     + "' (expected code, name, level, parent, description or rule)");
        }
        const auto [seen, inserted] = draft.key_lines.emplace(std::string(key), number);
        if (!inserted) {
            fail(origin_,
                 number,
                 "duplicate key '" + std::string(key) + "' in node '" + node.key
                     + "' (first given at line " + std::to_string(seen->second) + ")");
        }
        if (value.empty()) {
            fail(origin_, number, "empty value for '" + std::string(key) + "'");
        }
        continue_target_ = nullptr;
        if (target == nullptr) {
            std::uint32_t code = 0;
            auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), code);
            if (ec != std::errc() || end != value.data() + value.size() || code == 0) {
                fail(origin_,
                     number,
                     "code must be a positive whole number, found '" + std::string(value) + "'");
            }
            node.code = code;
            draft.has_code = true;
            return;
        }
        *target = std::string(value);
        if (key == "description" || key == "name") {
            continue_target_ = target;
        }
    }

    std::string_view text_;
    const std::string& origin_;
    std::vector<Draft> drafts_;
    std::string* continue_target_ = nullptr;
};

std::size_t line_of(const Draft& draft, std::string_view key) {
    const auto found = draft.key_lines.find(key);
    return found != draft.key_lines.end() ? found->second : draft.file.line;
}

void check_fields(const Draft& draft, const std::string& origin) {
    const TaxonomyNode& node = draft.file.node;
    const auto require = [&](bool present, std::string_view key) {
        if (!present) {
            fail(origin,
                 draft.file.line,
                 "node '" + node.key + "' has no '" + std::string(key) + ":'");
        }
    };
    require(draft.has_code, "code");
    require(!node.display_name.empty(), "name");
    require(!node.level.empty(), "level");
    require(!node.description.empty(), "description");
    const std::optional<std::size_t> level = level_index(node.level);
    if (!level) {
        fail(origin,
             line_of(draft, "level"),
             "unknown level '" + node.level + "' (expected domain, field, subfield or topic)");
    }
    if (*level == 0 && !node.parent_key.empty()) {
        fail(origin, line_of(draft, "parent"), "domain '" + node.key + "' cannot have a parent");
    }
    if (*level > 0 && node.parent_key.empty()) {
        fail(origin,
             draft.file.line,
             node.level + " '" + node.key + "' has no 'parent:' (only domains have none)");
    }
    if (node.level == "topic" && node.rules.empty()) {
        fail(origin,
             draft.file.line,
             "topic '" + node.key + "' has no 'rule:', so it could never be assigned");
    }
    if (node.level != "topic" && !node.rules.empty()) {
        fail(origin,
             draft.file.rule_lines.front(),
             "only topics have rules; '" + node.key + "' is a " + node.level);
    }
}

} // namespace

std::string located(const std::string& origin, std::size_t line, const std::string& what) {
    return origin + ":" + std::to_string(line) + ": " + what;
}

std::vector<FileNode> read_taxonomy_file(std::string_view text, const std::string& origin) {
    std::vector<Draft> drafts = FileReader(text, origin).run();
    if (drafts.empty()) {
        fail(origin, 1, "the taxonomy has no node");
    }

    std::unordered_map<std::string, std::size_t> by_id;
    std::unordered_map<std::uint32_t, std::size_t> by_code;
    for (std::size_t i = 0; i < drafts.size(); ++i) {
        const Draft& draft = drafts[i];
        const auto [id_seen, id_new] = by_id.emplace(draft.file.node.key, i);
        if (!id_new) {
            fail(origin,
                 draft.file.line,
                 "duplicate id '" + draft.file.node.key + "' (first defined at line "
                     + std::to_string(drafts[id_seen->second].file.line) + ")");
        }
        check_fields(draft, origin);
        const auto [code_seen, code_new] = by_code.emplace(draft.file.node.code, i);
        if (!code_new) {
            fail(origin,
                 line_of(draft, "code"),
                 "duplicate code " + std::to_string(draft.file.node.code) + " in '"
                     + draft.file.node.key + "' (already used by '"
                     + drafts[code_seen->second].file.node.key + "')");
        }
    }

    // Parents: known and without cycles first, then one level up.
    for (std::size_t i = 0; i < drafts.size(); ++i) {
        const TaxonomyNode& node = drafts[i].file.node;
        if (node.parent_key.empty()) {
            continue;
        }
        const auto parent = by_id.find(node.parent_key);
        if (parent == by_id.end()) {
            fail(origin,
                 line_of(drafts[i], "parent"),
                 "unknown parent '" + node.parent_key + "' of '" + node.key + "'");
        }
        std::string path = node.key;
        std::size_t walk = parent->second;
        for (std::size_t steps = 0; steps < drafts.size(); ++steps) {
            path += " -> " + drafts[walk].file.node.key;
            if (walk == i) {
                fail(origin, line_of(drafts[i], "parent"), "cycle of parents: " + path);
            }
            const auto next = by_id.find(drafts[walk].file.node.parent_key);
            if (next == by_id.end()) {
                break;
            }
            walk = next->second;
        }
    }
    std::vector<std::vector<std::size_t>> children(drafts.size());
    std::vector<std::size_t> roots;
    for (std::size_t i = 0; i < drafts.size(); ++i) {
        const TaxonomyNode& node = drafts[i].file.node;
        if (node.parent_key.empty()) {
            roots.push_back(i);
            continue;
        }
        const std::size_t parent = by_id.at(node.parent_key);
        const std::size_t child_level = *level_index(node.level);
        const std::size_t parent_level = *level_index(drafts[parent].file.node.level);
        if (parent_level + 1 != child_level) {
            fail(origin,
                 line_of(drafts[i], "parent"),
                 "the parent of " + node.level + " '" + node.key + "' must be a "
                     + std::string(kLevels[child_level - 1]) + ", but '" + node.parent_key
                     + "' is a " + drafts[parent].file.node.level);
        }
        children[parent].push_back(i);
    }

    std::vector<FileNode> ordered;
    ordered.reserve(drafts.size());
    std::vector<std::size_t> stack(roots.rbegin(), roots.rend());
    while (!stack.empty()) {
        const std::size_t index = stack.back();
        stack.pop_back();
        ordered.push_back(std::move(drafts[index].file));
        stack.insert(stack.end(), children[index].rbegin(), children[index].rend());
    }
    return ordered;
}

} // namespace peerscope::indexer::taxonomy_detail
