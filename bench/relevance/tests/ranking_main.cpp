#define BOOST_TEST_MODULE search_ranking
#include <boost/test/unit_test.hpp>
