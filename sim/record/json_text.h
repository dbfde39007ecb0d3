// A string as a JSON string literal: quotes and backslashes escaped, a newline as \n,
// other control characters as \u00XX. One escaper for every JSON plegsim writes (the
// summary, compare, validate).
#pragma once

#include <string>
#include <string_view>

namespace plegsim::record {

std::string json_quoted(std::string_view s);

}  // namespace plegsim::record
