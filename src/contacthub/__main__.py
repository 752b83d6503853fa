from contacthub.cli.main import run

run()
