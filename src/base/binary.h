// Little-endian binary serialization and dyad's model container (doc/formats/model.md).
//
// BinaryWriter appends fixed-width integers, floats and length-prefixed strings to a
// buffer. BinaryReader reads them back with bounds checks: a short or inconsistent buffer
// yields Status::Corruption naming the absolute byte offset, never undefined behaviour.
//
// The model container is: magic "DYADMODL", u32 format version, u32 section count, then
// per section: name (u32 length + bytes), u64 payload length, u32 CRC-32 of name then payload,
// payload. The loader accepts versions kMinModelVersion..kModelVersion and rejects
// trailing bytes. A model file may also be that container compressed as one zstd frame
// (SerializeCompressed; detected by the zstd magic bytes): the loader decompresses it
// first, and byte offsets in its error messages then count in the decompressed container. Thread-safety: readers and writers are single-thread values; a parsed
// ModelFile is immutable and safe to share.
#ifndef DYAD_BASE_BINARY_H_
#define DYAD_BASE_BINARY_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "base/status.h"

namespace dyad {

// 2: parser section v2 (beam decoding settings); 3: parser section v3 (right-to-left
// parsers, ensembles) and zstd-compressed files.
inline constexpr uint32_t kModelVersion = 3;
inline constexpr uint32_t kMinModelVersion = 1;

class BinaryWriter {
 public:
  void PutU8(uint8_t v) { buf_.push_back(static_cast<char>(v)); }
  void PutU32(uint32_t v) { PutRaw(&v, 4); }
  void PutU64(uint64_t v) { PutRaw(&v, 8); }
  void PutI32(int32_t v) { PutRaw(&v, 4); }
  void PutF32(float v) { PutRaw(&v, 4); }
  void PutString(std::string_view s) {
    PutU32(static_cast<uint32_t>(s.size()));
    buf_.append(s.data(), s.size());
  }
  // A vector of trivially copyable values: u64 count, then raw little-endian elements.
  template <typename T>
  void PutVector(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    PutU64(v.size());
    PutRaw(v.data(), v.size() * sizeof(T));
  }
  const std::string& data() const { return buf_; }
  std::string Release() { return std::move(buf_); }

 private:
  void PutRaw(const void* p, size_t n) { buf_.append(static_cast<const char*>(p), n); }
  std::string buf_;
};

class BinaryReader {
 public:
  // `base_offset` is added to offsets in error messages (the payload's place in its file);
  // `what` names the file or section.
  BinaryReader(std::string_view data, std::string what, uint64_t base_offset = 0)
      : data_(data), what_(std::move(what)), base_(base_offset) {}

  Status GetU8(uint8_t* v) { return GetRaw(v, 1); }
  Status GetU32(uint32_t* v) { return GetRaw(v, 4); }
  Status GetU64(uint64_t* v) { return GetRaw(v, 8); }
  Status GetI32(int32_t* v) { return GetRaw(v, 4); }
  Status GetF32(float* v) { return GetRaw(v, 4); }
  Status GetString(std::string* s);
  Status GetStringView(std::string_view* s);
  template <typename T>
  Status GetVector(std::vector<T>* v, uint64_t max_elements = uint64_t{1} << 32) {
    static_assert(std::is_trivially_copyable_v<T>);
    uint64_t n = 0;
    DYAD_RETURN_IF_ERROR(GetU64(&n));
    if (n > max_elements || n > remaining() / sizeof(T)) {
      return Error("vector of " + std::to_string(n) + " elements exceeds the data");
    }
    v->resize(n);
    return GetRaw(v->data(), n * sizeof(T));
  }
  Status Skip(uint64_t n) {
    if (n > remaining()) return Error("unexpected end of data");
    pos_ += n;
    return Status::Ok();
  }
  size_t remaining() const { return data_.size() - pos_; }
  size_t position() const { return pos_; }
  bool at_end() const { return pos_ == data_.size(); }
  // Corruption: "<what>: byte <abs offset>: <msg>".
  Status Error(const std::string& msg) const;
  // Corruption unless the whole buffer was consumed.
  Status ExpectEnd() const;

 private:
  Status GetRaw(void* p, size_t n) {
    if (remaining() < n) return Error("unexpected end of data");
    if (n == 0) return Status::Ok();  // p may be null (an empty vector's data())
    std::memcpy(p, data_.data() + pos_, n);
    pos_ += n;
    return Status::Ok();
  }
  std::string_view data_;
  std::string what_;
  uint64_t base_;
  size_t pos_ = 0;
};

// CRC-32 (zlib); `seed` chains a previous CRC.
uint32_t Crc32(std::string_view data, uint32_t seed = 0);

// Builds a model file from named sections.
class ModelFileWriter {
 public:
  void AddSection(std::string name, std::string payload) {
    sections_.emplace_back(std::move(name), std::move(payload));
  }
  std::string Serialize() const;
  // Serialize() as one zstd frame (level 1..19): the parser's hashed weight tables shrink
  // to about 2/3. ModelFile::Parse reads both forms.
  std::string SerializeCompressed(int level) const;

 private:
  std::vector<std::pair<std::string, std::string>> sections_;
};

// A parsed, checksum-verified model file. Owns its bytes; sections are views into them.
class ModelFile {
 public:
  // Errors: Corruption (bad magic, checksum, truncation, trailing bytes: with the byte
  // offset; a corrupt zstd frame, or one over 1 GiB or expanding over 64 times),
  // Unsupported (format version outside the accepted range).
  static Result<ModelFile> Parse(std::string bytes, std::string what);
  static Result<ModelFile> Load(const std::string& path);

  uint32_t version() const { return version_; }
  bool HasSection(std::string_view name) const;
  // NotFound if there is no such section.
  Result<std::string_view> Section(std::string_view name) const;
  // A reader over a section whose error messages carry absolute file offsets.
  Result<BinaryReader> SectionReader(std::string_view name) const;
  std::vector<std::string> SectionNames() const;
  const std::string& what() const { return what_; }

 private:
  struct Entry {
    std::string name;
    uint64_t offset;
    uint64_t length;
  };
  std::unique_ptr<std::string> bytes_;  // stable address: sections are views into it
  std::string what_;
  uint32_t version_ = 0;
  std::vector<Entry> entries_;
};

}  // namespace dyad

#endif  // DYAD_BASE_BINARY_H_
