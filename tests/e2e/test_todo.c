/* test_todo */
#include <criterion/criterion.h>
