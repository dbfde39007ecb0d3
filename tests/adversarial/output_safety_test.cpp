// Outputs never replace what is not a regular file, never follow a link planted in
// their way, and two outputs never name one file (issue 16, "Found" 1). Each case
// failed before the exclusive, unpredictable temporary names and the target checks.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "sim/record/atomic_file.h"
#include "sim/record/hdf5_sink.h"
#include "sim/record/output_path.h"

namespace plegsim::testing {
namespace {

namespace fs = std::filesystem;
using record::AtomicFile;
using record::OutputError;

struct Dir {
  fs::path path;
  Dir() {
    path = fs::temp_directory_path() /
           ("plegsim_outputs_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Dir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
  std::set<std::string> names() const {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.insert(e.path().filename().string());
    return out;
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const OutputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(OutputSafety, TemporaryNamesAreUnpredictableAndCreatedExclusively) {
  Dir d;
  AtomicFile a(d.file("out.txt"));
  AtomicFile b(d.file("out.txt"));
  std::regex shape(".*/out\\.txt\\.tmp-[0-9a-f]{16}");
  EXPECT_TRUE(std::regex_match(a.temp_path(), shape)) << a.temp_path();
  EXPECT_NE(a.temp_path(), b.temp_path());
  EXPECT_EQ(fs::path(a.temp_path()).filename().string().find("tmp-" + std::to_string(getpid())),
            std::string::npos);
  struct stat st {};
  ASSERT_EQ(::lstat(a.temp_path().c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
}

TEST(OutputSafety, AnExistingTemporaryNameIsNeverOpenedButSkipped) {
  Dir d;
  std::ofstream(d.file("victim.txt")) << "precious";
  std::vector<std::string> tried;
  AtomicFile f(d.file("out.h5"), [&](const std::string& temp) {
    tried.push_back(temp);
    if (tried.size() == 1) {
      // Someone planted a link at the first name: the creator reports it taken.
      fs::create_symlink(d.file("victim.txt"), temp);
      return false;
    }
    return ::close(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644)) == 0;
  });
  ASSERT_EQ(tried.size(), 2u);
  EXPECT_NE(tried[0], tried[1]);
  EXPECT_EQ(f.temp_path(), tried[1]);
  EXPECT_EQ(slurp(d.file("victim.txt")), "precious");
}

TEST(OutputSafety, ASymbolicLinkAtTheFinalNameIsRefusedAndItsTargetKept) {
  Dir d;
  std::ofstream(d.file("target.txt")) << "keep me";
  fs::create_symlink(d.file("target.txt"), d.file("link.prom"));
  std::string e = error_of([&] { record::write_file_atomically(d.file("link.prom"), "x"); });
  EXPECT_NE(e.find("symbolic link"), std::string::npos) << e;
  EXPECT_NE(e.find(d.file("link.prom")), std::string::npos) << e;
  EXPECT_EQ(slurp(d.file("target.txt")), "keep me");
  EXPECT_TRUE(fs::is_symlink(d.file("link.prom")));
  EXPECT_EQ(d.names(), (std::set<std::string>{"link.prom", "target.txt"}));
}

TEST(OutputSafety, DevicesFifosAndDirectoriesAreRefusedWithoutOpeningThem) {
  Dir d;
  // /dev/null: a character device, refused (never turned into a regular file).
  EXPECT_NE(error_of([] { record::check_output_target("/dev/null"); }).find("not a regular file"),
            std::string::npos);
  // A FIFO would block an open for writing until a reader came: it is never opened.
  ASSERT_EQ(::mkfifo(d.file("pipe").c_str(), 0644), 0);
  EXPECT_NE(error_of([&] { AtomicFile f(d.file("pipe")); }).find("not a regular file"),
            std::string::npos);
  fs::create_directory(d.file("sub"));
  EXPECT_NE(error_of([&] { AtomicFile f(d.file("sub")); }).find("is a directory"),
            std::string::npos);
  EXPECT_NE(error_of([&] { AtomicFile f(d.file("nope/x.csv")); }).find("cannot write"),
            std::string::npos);
  // Nothing was left behind by the refusals.
  EXPECT_EQ(d.names(), (std::set<std::string>{"pipe", "sub"}));
  EXPECT_NO_THROW(record::check_output_target(d.file("new.h5")));
  std::ofstream(d.file("old.h5")) << "old";
  EXPECT_NO_THROW(record::check_output_target(d.file("old.h5")));  // a regular file is replaced
}

TEST(OutputSafety, AFinalNameSwappedForALinkWhileWritingIsRefusedAtCommit) {
  Dir d;
  std::ofstream(d.file("target.txt")) << "keep me";
  AtomicFile f(d.file("out.txt"));
  f.write("new content");
  fs::create_symlink(d.file("target.txt"), d.file("out.txt"));
  EXPECT_THROW(f.commit(), OutputError);
  EXPECT_EQ(slurp(d.file("target.txt")), "keep me");
  EXPECT_EQ(d.names(), (std::set<std::string>{"out.txt", "target.txt"}));  // temp removed
}

TEST(OutputSafety, ARegularFileIsReplacedWhole) {
  Dir d;
  std::ofstream(d.file("out.txt")) << "a much longer old content";
  AtomicFile f(d.file("out.txt"));
  f.write("first");
  f.write("new");
  f.commit();
  EXPECT_EQ(slurp(d.file("out.txt")), "new");
  EXPECT_EQ(d.names(), std::set<std::string>{"out.txt"});
}

TEST(OutputSafety, TwoOutputsNamingOneFileAreAnError) {
  Dir d;
  auto same = [](const std::string& a, const std::string& b) {
    return error_of([&] { record::check_distinct_outputs({{"-o", a}, {"--metrics", b}}); });
  };
  EXPECT_NE(same(d.file("x"), d.file("x")).find("-o and --metrics name the same file"),
            std::string::npos);
  EXPECT_NE(same(d.file("x"), (d.path / "sub" / ".." / "x").string()), "no error");
  fs::create_directory(d.file("real"));
  fs::create_directory_symlink(d.file("real"), d.file("alias"));
  EXPECT_NE(same(d.file("real/r.h5"), d.file("alias/r.h5")), "no error");
  std::ofstream(d.file("a")) << "";
  fs::create_hard_link(d.file("a"), d.file("b"));
  EXPECT_NE(same(d.file("a"), d.file("b")), "no error");
  EXPECT_NE(same("-", "-"), "no error");
  EXPECT_EQ(same(d.file("x.h5"), d.file("x.prom")), "no error");
  EXPECT_EQ(same(d.file("x.h5"), "-"), "no error");
}

TEST(OutputSafety, TheRunFileRefusesALinkAndCreatesItsFileExclusively) {
  Dir d;
  std::ofstream(d.file("target.txt")) << "keep me";
  fs::create_symlink(d.file("target.txt"), d.file("run.h5"));
  EXPECT_THROW(record::Hdf5Sink(d.file("run.h5"), {}), OutputError);
  EXPECT_EQ(slurp(d.file("target.txt")), "keep me");
  {
    record::Hdf5Sink ok(d.file("fresh.h5"), {});
    std::set<std::string> names = d.names();
    EXPECT_EQ(names.size(), 3u);  // target.txt, run.h5 and fresh.h5's temporary file
  }
  EXPECT_EQ(d.names(), (std::set<std::string>{"run.h5", "target.txt"}));
}

}  // namespace
}  // namespace plegsim::testing
