#define BOOST_TEST_MODULE bench_relevance
#include <boost/test/unit_test.hpp>
