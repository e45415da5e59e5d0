"""A route phase's planned dates say how sure they are with the shared certainty choice (certain,
illustrative, unknown) instead of one «illustrative» boolean; a phase marked illustrative stays
illustrative on both planned dates, in its history too."""

import core.certainty
from django.db import migrations


def forwards(apps, schema_editor):
    for name in ("RoutePhase", "HistoricalRoutePhase"):
        apps.get_model("commitments", name).objects.filter(dates_are_illustrative=True).update(
            planned_start_certainty="illustrative", planned_end_certainty="illustrative")


def backwards(apps, schema_editor):
    for name in ("RoutePhase", "HistoricalRoutePhase"):
        model = apps.get_model("commitments", name)
        model.objects.exclude(planned_start_certainty="certain", planned_end_certainty="certain").update(
            dates_are_illustrative=True)


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0006_date_certainty'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalroutephase',
            name='planned_end_certainty',
            field=core.certainty.CertaintyField(choices=[('certain', 'Cierta'), ('illustrative', 'Ilustrativa'), ('unknown', 'Desconocida')], default='certain', help_text='Cierta: consta en los documentos. Ilustrativa: no consta; se muestra con la advertencia «fecha ilustrativa». Desconocida: no se muestra; se lee «fecha por confirmar».', max_length=12, verbose_name='certeza del término previsto'),
        ),
        migrations.AddField(
            model_name='historicalroutephase',
            name='planned_start_certainty',
            field=core.certainty.CertaintyField(choices=[('certain', 'Cierta'), ('illustrative', 'Ilustrativa'), ('unknown', 'Desconocida')], default='certain', help_text='Cierta: consta en los documentos. Ilustrativa: no consta; se muestra con la advertencia «fecha ilustrativa». Desconocida: no se muestra; se lee «fecha por confirmar».', max_length=12, verbose_name='certeza del inicio previsto'),
        ),
        migrations.AddField(
            model_name='routephase',
            name='planned_end_certainty',
            field=core.certainty.CertaintyField(choices=[('certain', 'Cierta'), ('illustrative', 'Ilustrativa'), ('unknown', 'Desconocida')], default='certain', help_text='Cierta: consta en los documentos. Ilustrativa: no consta; se muestra con la advertencia «fecha ilustrativa». Desconocida: no se muestra; se lee «fecha por confirmar».', max_length=12, verbose_name='certeza del término previsto'),
        ),
        migrations.AddField(
            model_name='routephase',
            name='planned_start_certainty',
            field=core.certainty.CertaintyField(choices=[('certain', 'Cierta'), ('illustrative', 'Ilustrativa'), ('unknown', 'Desconocida')], default='certain', help_text='Cierta: consta en los documentos. Ilustrativa: no consta; se muestra con la advertencia «fecha ilustrativa». Desconocida: no se muestra; se lee «fecha por confirmar».', max_length=12, verbose_name='certeza del inicio previsto'),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name='historicalroutephase',
            name='dates_are_illustrative',
        ),
        migrations.RemoveField(
            model_name='routephase',
            name='dates_are_illustrative',
        ),
    ]
