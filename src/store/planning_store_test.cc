#include "store/planning_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"
#include "store/store_test_util.h"

namespace alley::store {
namespace {

using ::alley::testing::StatusIs;

NetworkRow Network(std::string source, std::string data, bool synthetic) {
  NetworkRow n;
  n.kind = "walk";
  n.source = std::move(source);
  n.fingerprint = "fp-" + data;
  n.vertices = 3;
  n.edges = 2;
  n.imported_at = 1'700'000'000;
  n.imported_by = "test";
  n.synthetic = synthetic;
  n.data = std::move(data);
  return n;
}

using PlanningStoreTest = StoreTest;

TEST_F(PlanningStoreTest, ANetworkIsReplacedWholeByKind) {
  ASSERT_OK(
      store_->Write([&](Writer& w) { return PutNetwork(w, Network("a.pbf", "one", false)); }));
  ASSERT_OK(
      store_->Write([&](Writer& w) { return PutNetwork(w, Network("b.pbf", "two", false)); }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<NetworkRow> walk, GetNetwork(r, "walk"));
    EXPECT_TRUE(walk.has_value());
    if (walk) {
      EXPECT_EQ(walk->source, "b.pbf");
      EXPECT_EQ(walk->data, "two");
      EXPECT_EQ(walk->fingerprint, "fp-two");
    }
    ALLEY_ASSIGN_OR_RETURN(std::optional<NetworkRow> drive, GetNetwork(r, "drive"));
    EXPECT_FALSE(drive.has_value());
    ALLEY_ASSIGN_OR_RETURN(std::vector<NetworkRow> all, ListNetworks(r));
    EXPECT_EQ(all.size(), 1u);
    if (!all.empty()) {
      EXPECT_EQ(all[0].data, "");
    }
    return OkStatus();
  }));
}

TEST_F(PlanningStoreTest, AFailedTransactionKeepsThePreviousNetwork) {
  ASSERT_OK(
      store_->Write([&](Writer& w) { return PutNetwork(w, Network("a.pbf", "one", false)); }));
  EXPECT_THAT(store_->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(PutNetwork(w, Network("b.pbf", "two", false)));
    return DataLossError("the rest of the import failed");
  }),
              StatusIs(StatusCode::kDataLoss));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<NetworkRow> walk, GetNetwork(r, "walk"));
    EXPECT_TRUE(walk.has_value() && walk->data == "one");
    return OkStatus();
  }));
}

TEST_F(PlanningStoreTest, OnlyASyntheticNetworkIsDeletedAsSynthetic) {
  ASSERT_OK(store_->Write([&](Writer& w) { return PutNetwork(w, Network("real", "one", false)); }));
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(bool deleted, DeleteSyntheticNetwork(w, "walk"));
    EXPECT_FALSE(deleted);
    ALLEY_RETURN_IF_ERROR(PutNetwork(w, Network("demo grid", "two", true)));
    ALLEY_ASSIGN_OR_RETURN(deleted, DeleteSyntheticNetwork(w, "walk"));
    EXPECT_TRUE(deleted);
    return OkStatus();
  }));
}

TEST_F(PlanningStoreTest, CandidateSitesAreListedBySubtree) {
  CandidateSiteRow site;
  site.unit_code = kCompound;
  site.name = "东门空地";
  site.lat = 34.6;
  site.lon = 119.2;
  site.capacity = 40;
  ASSERT_OK(store_->Write([&](Writer& w) { return InsertCandidateSite(w, site).status(); }));
  EXPECT_THAT(store_->Write([&](Writer& w) { return InsertCandidateSite(w, site).status(); }),
              StatusIs(StatusCode::kAlreadyExists));
  site.unit_code = "999999";
  EXPECT_THAT(store_->Write([&](Writer& w) { return InsertCandidateSite(w, site).status(); }),
              StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<CandidateSiteRow> in_hailian,
                           ListCandidateSites(r, kHailian));
    EXPECT_EQ(in_hailian.size(), 1u);
    if (!in_hailian.empty()) {
      EXPECT_EQ(in_hailian[0].name, "东门空地");
      EXPECT_EQ(in_hailian[0].capacity, 40);
    }
    ALLEY_ASSIGN_OR_RETURN(std::vector<CandidateSiteRow> in_xinghua,
                           ListCandidateSites(r, kXinghua));
    EXPECT_TRUE(in_xinghua.empty());
    return OkStatus();
  }));
}

}  // namespace
}  // namespace alley::store
