/* test_documents */
#include <criterion/criterion.h>
