"""Seed synonyms so residents' plain words find events' inclusion details and the core documents."""

from django.db import migrations

SYNONYMS = [
    ("BSL, British Sign Language, sign language", "Events list BSL interpretation in full."),
    (
        "step free, wheelchair, wheelchair access, wheelchair accessible, level access",
        "Events say 'step-free access'; residents often ask for wheelchair access.",
    ),
    ("hearing loop, induction loop, loop system", "Events list a hearing loop; venues say induction loop."),
    ("young people, youth, teenagers, teens", "The charter's priority 3 says 'young people'."),
    (
        "new communities, new arrivals, newcomers, migrants, migration",
        "The charter's New Communities Strategy is about the impacts of migration.",
    ),
    ("extremism, radicalisation, extremist", "The charter and the guidance use 'extremism'."),
    ("isolated, isolation, lonely, loneliness", "Priority 6 supports those who are vulnerable and isolated."),
]


def forwards(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for terms, note in SYNONYMS:
        SynonymGroup.objects.get_or_create(terms=terms, defaults={"note": note})


def backwards(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    SynonymGroup.objects.filter(terms__in=[terms for terms, _note in SYNONYMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_seed_synonyms_and_permissions")]

    operations = [migrations.RunPython(forwards, backwards)]
