from django.core.management.base import BaseCommand

from home.upkeep.links import check_links
from home.upkeep.models import LinkProblem


class Command(BaseCommand):
    help = (
        "Check live pages' and snippets' rich text and StreamField for links to deleted, unpublished or "
        "private pages and missing documents and images; list external links without fetching them. "
        "Results replace the previous run's in the admin's Reports > Broken links."
    )

    def handle(self, *args, **options):
        counts = check_links()
        broken = sum(count for problem, count in counts.items() if problem != LinkProblem.EXTERNAL)
        self.stdout.write(f"{broken} broken internal link(s).")
        for problem in LinkProblem:
            if counts.get(problem):
                self.stdout.write(f"  {problem.label}: {counts[problem]}")
