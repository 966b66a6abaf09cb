#include "base/binary.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>

#include "base/file.h"

namespace dyad {
namespace {
constexpr char kMagic[8] = {'D', 'Y', 'A', 'D', 'M', 'O', 'D', 'L'};
}  // namespace

Status BinaryReader::GetString(std::string* s) {
  std::string_view v;
  DYAD_RETURN_IF_ERROR(GetStringView(&v));
  s->assign(v);
  return Status::Ok();
}

Status BinaryReader::GetStringView(std::string_view* s) {
  uint32_t n = 0;
  DYAD_RETURN_IF_ERROR(GetU32(&n));
  if (n > remaining()) return Error("string of " + std::to_string(n) + " bytes exceeds the data");
  *s = data_.substr(pos_, n);
  pos_ += n;
  return Status::Ok();
}

Status BinaryReader::Error(const std::string& msg) const {
  return Status::Corruption(what_ + ": byte " + std::to_string(base_ + pos_) + ": " + msg);
}

Status BinaryReader::ExpectEnd() const {
  if (at_end()) return Status::Ok();
  return Error(std::to_string(remaining()) + " trailing bytes");
}

uint32_t Crc32(std::string_view data, uint32_t seed) {
  uLong crc = seed;
  // zlib takes uInt lengths; feed large buffers in chunks.
  while (!data.empty()) {
    const size_t n = data.size() < (1u << 30) ? data.size() : (1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(n));
    data.remove_prefix(n);
  }
  return static_cast<uint32_t>(crc);
}

std::string ModelFileWriter::Serialize() const {
  BinaryWriter w;
  for (char c : kMagic) w.PutU8(static_cast<uint8_t>(c));
  w.PutU32(kModelVersion);
  w.PutU32(static_cast<uint32_t>(sections_.size()));
  std::string out = w.Release();
  for (const auto& [name, payload] : sections_) {
    BinaryWriter h;
    h.PutString(name);
    h.PutU64(payload.size());
    h.PutU32(Crc32(payload, Crc32(name)));
    out += h.data();
    out += payload;
  }
  return out;
}

std::string ModelFileWriter::SerializeCompressed(int level) const {
  const std::string raw = Serialize();
  std::string out(ZSTD_compressBound(raw.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(),
                                 std::clamp(level, 1, ZSTD_maxCLevel()));
  // Compression into a buffer of ZSTD_compressBound bytes cannot fail but for memory.
  if (ZSTD_isError(n)) return raw;
  out.resize(n);
  return out;
}

namespace {
constexpr unsigned char kZstdMagic[4] = {0x28, 0xb5, 0x2f, 0xfd};
constexpr unsigned long long kMaxModelBytes = 1ULL << 30;
}  // namespace

Result<ModelFile> ModelFile::Parse(std::string bytes, std::string what) {
  if (bytes.size() >= 4 && std::memcmp(bytes.data(), kZstdMagic, 4) == 0) {
    const unsigned long long size = ZSTD_getFrameContentSize(bytes.data(), bytes.size());
    // A model's weights compress to about 2/3; a frame that claims to expand more than 64
    // times is not a model (and would make the loader allocate for nothing).
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
        size > kMaxModelBytes ||
        size > 64 * static_cast<unsigned long long>(bytes.size()) + (1 << 20)) {
      return Status::Corruption(what + ": byte 0: not a complete zstd frame of a model "
                                "(at most 1 GiB, expanding at most 64 times)");
    }
    std::string raw(static_cast<size_t>(size), '\0');
    const size_t n = ZSTD_decompress(raw.data(), raw.size(), bytes.data(), bytes.size());
    if (ZSTD_isError(n) || n != raw.size()) {
      return Status::Corruption(what + ": corrupt zstd-compressed model (" +
                                (ZSTD_isError(n) ? std::string(ZSTD_getErrorName(n))
                                                 : std::string("short frame")) + ")");
    }
    bytes = std::move(raw);
  }
  ModelFile m;
  m.bytes_ = std::make_unique<std::string>(std::move(bytes));
  m.what_ = std::move(what);
  BinaryReader r(*m.bytes_, m.what_);
  char magic[8];
  for (char& c : magic) {
    uint8_t b = 0;
    DYAD_RETURN_IF_ERROR(r.GetU8(&b));
    c = static_cast<char>(b);
  }
  if (std::memcmp(magic, kMagic, 8) != 0) {
    return Status::Corruption(m.what_ + ": byte 0: not a dyad model file (bad magic)");
  }
  DYAD_RETURN_IF_ERROR(r.GetU32(&m.version_));
  if (m.version_ < kMinModelVersion || m.version_ > kModelVersion) {
    return Status::Unsupported(m.what_ + ": model format version " + std::to_string(m.version_) +
                               " (this dyad reads " + std::to_string(kMinModelVersion) + " to " +
                               std::to_string(kModelVersion) + ")");
  }
  uint32_t count = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&count));
  if (count > 1024) return r.Error("implausible section count " + std::to_string(count));
  for (uint32_t i = 0; i < count; ++i) {
    Entry e;
    DYAD_RETURN_IF_ERROR(r.GetString(&e.name));
    uint32_t crc = 0;
    DYAD_RETURN_IF_ERROR(r.GetU64(&e.length));
    DYAD_RETURN_IF_ERROR(r.GetU32(&crc));
    e.offset = r.position();
    if (e.length > r.remaining()) {
      return r.Error("section '" + e.name + "' of " + std::to_string(e.length) +
                     " bytes is truncated");
    }
    const std::string_view payload = std::string_view(*m.bytes_).substr(e.offset, e.length);
    if (Crc32(payload, Crc32(e.name)) != crc) {
      return r.Error("section '" + e.name + "' fails its checksum");
    }
    DYAD_RETURN_IF_ERROR(r.Skip(e.length));
    m.entries_.push_back(std::move(e));
  }
  DYAD_RETURN_IF_ERROR(r.ExpectEnd());
  return m;
}

Result<ModelFile> ModelFile::Load(const std::string& path) {
  // The size and the magic are checked before the file is read whole (issue 14: a 3 GB
  // file was read before "bad magic", and --model /dev/zero read until memory ran out).
  const std::string_view magics[] = {
      std::string_view(kMagic, sizeof kMagic),
      std::string_view(reinterpret_cast<const char*>(kZstdMagic), sizeof kZstdMagic)};
  auto bytes = ReadFileWithMagic(path, kMaxModelBytes, magics, "a dyad model file");
  if (!bytes.ok()) return bytes.status();
  return Parse(std::move(bytes).value(), path);
}

bool ModelFile::HasSection(std::string_view name) const {
  for (const auto& e : entries_) {
    if (e.name == name) return true;
  }
  return false;
}

Result<std::string_view> ModelFile::Section(std::string_view name) const {
  for (const auto& e : entries_) {
    if (e.name == name) return std::string_view(*bytes_).substr(e.offset, e.length);
  }
  return Status::NotFound(what_ + ": no section '" + std::string(name) + "'");
}

Result<BinaryReader> ModelFile::SectionReader(std::string_view name) const {
  for (const auto& e : entries_) {
    if (e.name == name) {
      return BinaryReader(std::string_view(*bytes_).substr(e.offset, e.length),
                          what_ + " [" + e.name + "]", e.offset);
    }
  }
  return Status::NotFound(what_ + ": no section '" + std::string(name) + "'");
}

std::vector<std::string> ModelFile::SectionNames() const {
  std::vector<std::string> names;
  for (const auto& e : entries_) names.push_back(e.name);
  return names;
}

}  // namespace dyad
