// Resident ID numbers (居民身份证号, GB 11643-1999): check character, birth date, masking.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/calendar.h"

namespace benefitroll {

/// Why an ID is not valid, for the message; kOk when it is.
enum class IdProblem { kOk, kForm, kCheck, kBirthDate, kBirthAfterMonth };

/// The check character of 17 digits (ISO 7064 MOD 11-2).
char id_check_char(std::string_view first17);

/// Validates an 18-character ID for run month m; `normalized` gets the ID with 'x' made 'X'.
IdProblem check_resident_id(std::string_view id, YearMonth m, std::string* normalized);

/// The birth date in digits 7-14 of a valid ID.
Date id_birth_date(std::string_view id);

/// "220105********1234": first 6 and last 4 kept (IDs); accounts keep first 4 and last 4.
std::string mask_id(std::string_view id);
std::string mask_account(std::string_view account);
/// Masks everything with the shape of a resident ID inside free text (17 digits then a digit,
/// X or x, with no digit just before or after).
std::string mask_ids_in_text(std::string_view text);

}  // namespace benefitroll
