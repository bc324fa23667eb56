/* test_month */
#include <criterion/criterion.h>
