#include "commands/rules_command.h"

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "rules/rules.h"

namespace benefitroll {

namespace {

constexpr int kExitFatal = 3;

std::optional<std::string> read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return s.str();
}

std::string where(const std::string& path, int line) {
  return line > 0 ? fmt::format("{}:{}", path, line) : path;
}

// Terminal columns of UTF-8 text: East Asian wide characters take two.
size_t display_width(std::string_view s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (len > 1) {
      cp = c & (0x7F >> len);
      for (int k = 1; k < len && i + k < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
  }
  return width;
}

std::string plural(size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

int rules_check_command(const std::string& path, std::ostream& out, std::ostream& err) {
  auto text = read_file(path);
  if (!text) {
    err << path << ": error: cannot read file\n";
    return kExitFatal;
  }
  std::vector<RulesProblem> problems;
  load_rules(*text, path, problems);
  size_t errors = 0, warnings = 0;
  for (const auto& p : problems) {
    (p.error ? errors : warnings)++;
    out << fmt::format("{}: {}: {}\n", where(path, p.line), p.error ? "error" : "warning",
                       p.message);
  }
  out << fmt::format("{}: {}, {}\n", path, plural(errors, "error"), plural(warnings, "warning"));
  return errors > 0 ? kExitFatal : 0;
}

int rules_show_command(const std::string& path, YearMonth month, std::optional<Date> as_of,
                       std::ostream& out, std::ostream& err) {
  auto text = read_file(path);
  if (!text) {
    err << path << ": error: cannot read file\n";
    return kExitFatal;
  }
  std::vector<RulesProblem> problems;
  Rules rules = load_rules(*text, path, problems);
  bool failed = false;
  for (const auto& p : problems) {
    if (!p.error) continue;
    failed = true;
    err << fmt::format("{}: error: {}\n", where(path, p.line), p.message);
  }
  if (failed) return kExitFatal;

  std::vector<std::array<std::string, 5>> rows;
  rows.push_back({"table", "key", "value", "version", "source"});
  for (const ShownParam& p : rules.show(month, as_of)) {
    std::string version = p.is_default ? "default" : p.from.line > 0 ? p.from.str() : "-";
    rows.push_back({p.table, p.key, p.value, version, p.from.source});
  }
  std::array<size_t, 5> width{};
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], display_width(r[c]));

  out << fmt::format("{}: parameters in effect for {}, {}\n", path, month.str(),
                     as_of ? "as of " + as_of->str() : std::string("every version counted"));
  for (const auto& r : rows) {
    std::string line;
    for (size_t c = 0; c < r.size(); ++c) {
      line += r[c];
      if (c + 1 < r.size()) line += std::string(width[c] - display_width(r[c]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
  return 0;
}

}  // namespace benefitroll
