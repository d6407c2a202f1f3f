#define BOOST_TEST_MODULE analyzers
#include <boost/test/unit_test.hpp>
