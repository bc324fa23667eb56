/* main: the lokmin program, the one file above both front-ends: `lokmin ui` reaches the web app, the rest the cli. */
#include "cli.h"
#include "web.h"

int main(int argc, char **argv)
{
	cli_ui_entry = web_ui_main;
	return cli_main(argc, argv);
}
