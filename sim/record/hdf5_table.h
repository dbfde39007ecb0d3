// An HDF5 table: a one-dimensional, extendible, chunked (and compressed) dataset of a
// compound type, appended in blocks of `block_rows` so memory stays flat however long
// the run. Rows are plain structs; variable-length string fields are `const char*` that
// point into text the table keeps until the block is written (see keep()).
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "sim/record/hdf5_util.h"

namespace plegsim::record::h5 {

template <class Row>
class Table {
 public:
  static constexpr hsize_t kBlockRows = 4096;

  Table(H5::Group& parent, const std::string& name, const H5::CompType& type)
      : name_(name), type_(type) {
    guarded("creating table " + name, [&] {
      hsize_t zero = 0, unlimited = H5S_UNLIMITED, chunk = kBlockRows;
      H5::DataSpace space(1, &zero, &unlimited);
      H5::DSetCreatPropList props;
      props.setChunk(1, &chunk);
      props.setShuffle();
      props.setDeflate(1);
      ds_ = parent.createDataSet(name, type_, space, props);
    });
    buf_.reserve(kBlockRows);
  }

  void append(const Row& r) {
    buf_.push_back(r);
    if (buf_.size() >= kBlockRows) flush();
  }

  // Stable storage for a string field of a row appended before the next flush().
  const char* keep(std::string s) { return text_.emplace_back(std::move(s)).c_str(); }

  void flush() {
    if (buf_.empty()) return;
    guarded("writing table " + name_, [&] {
      hsize_t n = buf_.size();
      hsize_t total = rows_ + n;
      ds_.extend(&total);
      H5::DataSpace file_space = ds_.getSpace();
      file_space.selectHyperslab(H5S_SELECT_SET, &n, &rows_);
      H5::DataSpace mem_space(1, &n);
      ds_.write(buf_.data(), type_, mem_space, file_space);
      rows_ = total;
    });
    buf_.clear();
    text_.clear();
  }

  hsize_t rows() const { return rows_ + buf_.size(); }
  H5::DataSet& dataset() { return ds_; }

 private:
  std::string name_;
  H5::CompType type_;
  H5::DataSet ds_;
  std::vector<Row> buf_;
  std::deque<std::string> text_;
  hsize_t rows_ = 0;
};

}  // namespace plegsim::record::h5
