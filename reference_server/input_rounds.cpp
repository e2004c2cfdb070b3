#include "reference_server/input_rounds.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>

namespace mcp::server {
namespace {

constexpr std::size_t kKeyBytes = 32;

std::string base64url(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=')
    out.pop_back();
  std::replace(out.begin(), out.end(), '+', '-');
  std::replace(out.begin(), out.end(), '/', '_');
  return out;
}

std::optional<std::string> from_base64url(std::string_view text) {
  std::string standard(text);
  for (auto& c : standard) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    } else if (!std::isalnum(static_cast<unsigned char>(c))) {
      return std::nullopt;
    }
  }
  const std::size_t padding = (4 - standard.size() % 4) % 4;
  if (padding == 3) return std::nullopt;
  standard.append(padding, '=');
  std::string out(3 * standard.size() / 4, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(standard.data()),
                                static_cast<int>(standard.size()));
  if (n < 0) return std::nullopt;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

}  // namespace

std::optional<Json> InputRounds::answer(std::string_view key) {
  const auto it = answers_.find(key);
  if (it == answers_.end()) return std::nullopt;
  used_[std::string(key)] = *it;
  return *it;
}

StateSeal::StateSeal() : key_(kKeyBytes, '\0') {
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), static_cast<int>(key_.size())) != 1)
    throw std::runtime_error("no random bytes for the requestState key");
}

std::string StateSeal::mac(std::string_view payload) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string StateSeal::seal(const Json& state) const {
  const auto payload = base64url(jsonrpc::serialize(state));
  return payload + "." + base64url(mac(payload));
}

std::optional<Json> StateSeal::open(std::string_view sealed) const {
  const auto dot = sealed.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto payload = sealed.substr(0, dot);
  const auto given = sealed.substr(dot + 1);
  // Compared as text: Base64 can spell the same bytes more than one way (the
  // spare bits of its last character), and any other spelling is a change.
  const auto expected = base64url(mac(payload));
  if (given.size() != expected.size() ||
      CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0)
    return std::nullopt;
  const auto text = from_base64url(payload);
  if (!text) return std::nullopt;
  auto parsed = jsonrpc::parse(*text);
  return parsed.value;
}

std::string request_digest(std::string_view method, const Json& params) {
  // What identifies the request: its method and params without _meta and
  // without the answers (which change from round to round).
  Json salient = params.is_object() ? params : Json::object();
  for (const char* key : {"_meta", "inputResponses", "requestState"})
    salient.erase(key);
  const auto text = std::string(method) + "\n" + salient.dump();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return base64url(std::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace mcp::server
