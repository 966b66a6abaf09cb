// ByteSource and LineReader (input_internal.h): the raw bytes of one input, decompressed
// with zlib (gzip) or libzstd as they stream by, and cut into lines.
//
// Compression is recognised by the magic bytes of the stream, not by the file name, so a
// renamed file still reads. Several gzip members ("cat a.gz b.gz") and several zstd frames
// are one stream, as with gzip -d and zstd -d. Truncation is an error: a gzip member must
// reach its trailer and a zstd frame must be complete when the file ends; bytes after the
// last gzip member that do not start another member are an error too (gzip -d only warns,
// but here they would be silent loss).
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "input/input_internal.h"

namespace dyad::input::internal {

namespace {
constexpr size_t kRawChunk = 256 << 10;
constexpr size_t kPeekBytes = 64 << 10;
}  // namespace

struct ByteSource::Codec {
  z_stream z{};
  bool z_init = false;
  bool z_member_end = false;  // the last gzip member reached its trailer
  ZSTD_DStream* zstd = nullptr;
  size_t zstd_last = 1;       // last ZSTD_decompressStream result (0 = frame complete)
  ~Codec() {
    if (z_init) inflateEnd(&z);
    if (zstd != nullptr) ZSTD_freeDStream(zstd);
  }
};

std::unique_ptr<ByteSource> ByteSource::OpenFile(const std::string& path, std::string* error) {
  std::unique_ptr<ByteSource> s(new ByteSource());
  if (path == "-") {
    s->fd_ = 0;
  } else {
    s->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (s->fd_ < 0) {
      *error = std::strerror(errno);
      return nullptr;
    }
    s->close_fd_ = true;
  }
  s->raw_.resize(kRawChunk);
  return s;
}

std::unique_ptr<ByteSource> ByteSource::FromMemory(std::string data) {
  std::unique_ptr<ByteSource> s(new ByteSource());
  s->from_memory_ = true;
  s->memory_ = std::move(data);
  return s;
}

ByteSource::~ByteSource() {
  if (close_fd_) ::close(fd_);
}

// Makes raw bytes available in raw_[raw_pos_, raw_len_); false at the end or on an error.
bool ByteSource::FillRaw() {
  if (raw_pos_ < raw_len_) return true;
  if (raw_eof_) return false;
  if (from_memory_) {
    // The whole buffer is one raw chunk.
    raw_eof_ = true;
    if (memory_.empty()) return false;
    raw_.assign(memory_.begin(), memory_.end());
    std::string().swap(memory_);
    raw_pos_ = 0;
    raw_len_ = raw_.size();
    raw_read_ += raw_len_;
    return true;
  }
  for (;;) {
    const ssize_t got = ::read(fd_, raw_.data(), raw_.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      error_ = std::string("read error: ") + std::strerror(errno);
      raw_eof_ = true;
      return false;
    }
    if (got == 0) {
      raw_eof_ = true;
      return false;
    }
    raw_pos_ = 0;
    raw_len_ = static_cast<size_t>(got);
    raw_read_ += raw_len_;
    return true;
  }
}

void ByteSource::DetectCompression() {
  detected_ = true;
  // Magic bytes may straddle short reads (a pipe): gather at least 4 bytes when there are.
  FillRaw();
  while (!from_memory_ && !raw_eof_ && raw_len_ < 4) {
    const ssize_t got = ::read(fd_, raw_.data() + raw_len_, raw_.size() - raw_len_);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // the next FillRaw sees the end or the error again
    raw_len_ += static_cast<size_t>(got);
    raw_read_ += static_cast<uint64_t>(got);
  }
  const auto* p = reinterpret_cast<const unsigned char*>(raw_.data()) + raw_pos_;
  const size_t avail = raw_len_ - raw_pos_;
  if (avail >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
    compression_ = Compression::kGzip;
    codec_ = std::make_unique<Codec>();
    // 15 + 16: gzip wrapper only (zlib/raw deflate are not file formats we accept).
    if (inflateInit2(&codec_->z, 15 + 16) != Z_OK) {
      error_ = "cannot initialise zlib";
      done_ = true;
      return;
    }
    codec_->z_init = true;
  } else if (avail >= 4 && ((p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) ||
                             // A skippable frame first (pzstd writes one): 0x184D2A5?.
                             ((p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d &&
                              p[3] == 0x18))) {
    compression_ = Compression::kZstd;
    codec_ = std::make_unique<Codec>();
    codec_->zstd = ZSTD_createDStream();
    if (codec_->zstd == nullptr || ZSTD_isError(ZSTD_initDStream(codec_->zstd))) {
      error_ = "cannot initialise zstd";
      done_ = true;
    }
  }
}

size_t ByteSource::ReadGzip(char* buf, size_t n) {
  Codec& c = *codec_;
  for (;;) {
    if (!FillRaw()) {
      if (!error_.empty()) return 0;
      if (!c.z_member_end) error_ = "truncated gzip stream (unexpected end of file)";
      return 0;
    }
    if (c.z_member_end) {
      // Another member must follow.
      const auto* p = reinterpret_cast<const unsigned char*>(raw_.data()) + raw_pos_;
      const size_t avail = raw_len_ - raw_pos_;
      if (p[0] != 0x1f || (avail >= 2 && p[1] != 0x8b)) {
        error_ = "trailing garbage after gzip stream";
        return 0;
      }
      inflateReset(&c.z);
      c.z_member_end = false;
    }
    c.z.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_pos_);
    c.z.avail_in = static_cast<uInt>(raw_len_ - raw_pos_);
    c.z.next_out = reinterpret_cast<Bytef*>(buf);
    c.z.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    const uInt out_before = c.z.avail_out;
    const int ret = inflate(&c.z, Z_NO_FLUSH);
    raw_pos_ = raw_len_ - c.z.avail_in;
    const size_t produced = out_before - c.z.avail_out;
    if (ret == Z_STREAM_END) {
      c.z_member_end = true;
    } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
      error_ = std::string("corrupt gzip stream: ") + (c.z.msg != nullptr ? c.z.msg : zError(ret));
      return 0;
    }
    if (produced > 0) return produced;
  }
}

size_t ByteSource::ReadZstd(char* buf, size_t n) {
  Codec& c = *codec_;
  for (;;) {
    const bool have = FillRaw();
    if (!have) {
      if (!error_.empty()) return 0;
      // The last frame is complete and flushed: the end. (Calling again would start a
      // new frame and return a non-zero size hint.)
      if (c.zstd_last == 0) return 0;
    }
    ZSTD_inBuffer in{raw_.data() + raw_pos_, have ? raw_len_ - raw_pos_ : 0, 0};
    ZSTD_outBuffer out{buf, n, 0};
    const size_t ret = ZSTD_decompressStream(c.zstd, &out, &in);
    raw_pos_ += in.pos;
    if (ZSTD_isError(ret)) {
      error_ = std::string("corrupt zstd stream: ") + ZSTD_getErrorName(ret);
      return 0;
    }
    c.zstd_last = ret;
    if (out.pos > 0) return out.pos;
    if (!have) {
      if (c.zstd_last != 0) error_ = "truncated zstd stream (unexpected end of file)";
      return 0;
    }
  }
}

size_t ByteSource::ReadDecoded(char* buf, size_t n) {
  if (!detected_) DetectCompression();
  if (done_ || n == 0) return 0;
  size_t got = 0;
  switch (compression_) {
    case Compression::kNone:
      if (FillRaw()) {
        got = std::min(n, raw_len_ - raw_pos_);
        std::memcpy(buf, raw_.data() + raw_pos_, got);
        raw_pos_ += got;
      }
      break;
    case Compression::kGzip:
      got = ReadGzip(buf, n);
      break;
    case Compression::kZstd:
      got = ReadZstd(buf, n);
      break;
  }
  if (got == 0) done_ = true;
  return got;
}

std::string_view ByteSource::Peek() {
  if (peeked_.empty() && peeked_pos_ == 0 && !done_) {
    peeked_.resize(kPeekBytes);
    size_t have = 0;
    while (have < kPeekBytes) {
      const size_t got = ReadDecoded(peeked_.data() + have, kPeekBytes - have);
      if (got == 0) break;
      have += got;
    }
    peeked_.resize(have);
  }
  return std::string_view(peeked_).substr(peeked_pos_);
}

size_t ByteSource::Read(char* buf, size_t n) {
  if (peeked_pos_ < peeked_.size()) {
    const size_t got = std::min(n, peeked_.size() - peeked_pos_);
    std::memcpy(buf, peeked_.data() + peeked_pos_, got);
    peeked_pos_ += got;
    if (peeked_pos_ == peeked_.size()) {
      std::string().swap(peeked_);
      peeked_pos_ = 1;  // remembers that Peek already ran
    }
    return got;
  }
  return ReadDecoded(buf, n);
}

bool ByteSource::ReadAll(uint64_t limit, std::string* out) {
  // Through a fixed buffer, never by growing *out ahead of the data: a string resized by
  // a megabyte before each read keeps that capacity, and a batch of small text files
  // then held a megabyte each (issue 14). Appending grows *out to at most twice its size;
  // the excess is given back at the end.
  const size_t base = out->size();
  char buf[kRawChunk / 4];
  for (;;) {
    const uint64_t have = out->size() - base;
    if (have > limit) break;
    const size_t want = static_cast<size_t>(std::min<uint64_t>(limit + 1 - have, sizeof buf));
    const size_t got = Read(buf, want);
    if (got == 0) break;
    out->append(buf, got);
  }
  if (out->capacity() - out->size() > out->size() / 4 + 64) out->shrink_to_fit();
  return error_.empty();
}

bool LineReader::Fill() {
  // Drop the consumed prefix, then append one chunk.
  if (start_ > 0) {
    buf_.erase(0, start_);
    scan_ -= start_;
    start_ = 0;
  }
  constexpr size_t kChunk = 256 << 10;
  const size_t old = buf_.size();
  buf_.resize(old + kChunk);
  const size_t got = source_->Read(buf_.data() + old, kChunk);
  buf_.resize(old + got);
  if (got == 0) eof_ = true;
  return got > 0;
}

bool LineReader::Next(std::string_view* line, uint64_t* length, bool* too_long) {
  uint64_t dropped = 0;  // bytes of an over-long line already thrown away
  size_t end;
  bool complete;
  for (;;) {
    const size_t nl = buf_.find('\n', scan_);
    if (nl != std::string::npos) {
      end = nl;
      complete = true;
      break;
    }
    scan_ = buf_.size();
    if (buf_.size() - start_ > max_line_) {
      // Too long already: count its bytes instead of keeping them.
      dropped += buf_.size() - start_;
      start_ = scan_ = buf_.size();
    }
    if (eof_ || !Fill()) {
      if (start_ == buf_.size() && dropped == 0) return false;
      // A stream error cut this line: it is not a line of the input.
      if (!source_->error().empty()) return false;
      end = buf_.size();  // a final line without '\n'
      complete = false;
      break;
    }
  }
  ++line_number_;
  const uint64_t len = dropped + (end - start_);
  *length = len;
  if (len > max_line_) {
    *too_long = true;
    *line = std::string_view();
  } else {
    *too_long = false;
    size_t e = end;
    if (e > start_ && buf_[e - 1] == '\r') --e;
    *line = std::string_view(buf_.data() + start_, e - start_);
  }
  start_ = complete ? end + 1 : end;
  scan_ = start_;
  return true;
}

}  // namespace dyad::input::internal
