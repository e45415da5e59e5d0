"""A session's date says how sure it is with the shared certainty choice (certain, illustrative,
unknown) instead of the «illustrative» boolean (True → illustrative, in its history too); and each
agreement carries its session's STL so that the database keeps agreement codes unique per STL."""

import core.certainty
import django.db.models.deletion
from django.db import migrations, models


def certainty_forwards(apps, schema_editor):
    for name in ("Session", "HistoricalSession"):
        apps.get_model("stl_sessions", name).objects.filter(date_is_illustrative=True).update(
            date_certainty="illustrative")


def certainty_backwards(apps, schema_editor):
    for name in ("Session", "HistoricalSession"):
        apps.get_model("stl_sessions", name).objects.exclude(date_certainty="certain").update(
            date_is_illustrative=True)


def stl_of(body):
    return body if body.kind == "stl" or body.parent_id is None else body.parent


def fill_stl(apps, schema_editor):
    Agreement = apps.get_model("stl_sessions", "Agreement")
    HistoricalAgreement = apps.get_model("stl_sessions", "HistoricalAgreement")
    Session = apps.get_model("stl_sessions", "Session")
    stls = {}
    for session in Session.objects.select_related("body"):
        stls[session.pk] = stl_of(session.body).pk
    for session_id, stl_id in stls.items():
        Agreement.objects.filter(session_id=session_id).update(stl_id=stl_id)
        HistoricalAgreement.objects.filter(session_id=session_id).update(stl_id=stl_id)


class Migration(migrations.Migration):

    dependencies = [
        ('stl_sessions', '0006_date_certainty'),
        ('workgroups', '0008_merge_20261201_0024'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalsession',
            name='date_certainty',
            field=core.certainty.CertaintyField(choices=[('certain', 'Cierta'), ('illustrative', 'Ilustrativa'), ('unknown', 'Desconocida')], default='certain', help_text='Cierta: consta en los documentos. Ilustrativa: no consta; se muestra con la advertencia «fecha ilustrativa». Desconocida: no se muestra; se lee «fecha por confirmar».', max_length=12, verbose_name='certeza de la fecha'),
        ),
        migrations.AddField(
            model_name='session',
            name='date_certainty',
            field=core.certainty.CertaintyField(choices=[('certain', 'Cierta'), ('illustrative', 'Ilustrativa'), ('unknown', 'Desconocida')], default='certain', help_text='Cierta: consta en los documentos. Ilustrativa: no consta; se muestra con la advertencia «fecha ilustrativa». Desconocida: no se muestra; se lee «fecha por confirmar».', max_length=12, verbose_name='certeza de la fecha'),
        ),
        migrations.RunPython(certainty_forwards, certainty_backwards),
        migrations.RemoveField(
            model_name='historicalsession',
            name='date_is_illustrative',
        ),
        migrations.RemoveField(
            model_name='session',
            name='date_is_illustrative',
        ),
        migrations.AddField(
            model_name='agreement',
            name='stl',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='stl_agreements', to='workgroups.body', verbose_name='secretariado'),
        ),
        migrations.AddField(
            model_name='historicalagreement',
            name='stl',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workgroups.body', verbose_name='secretariado'),
        ),
        migrations.RunPython(fill_stl, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='agreement',
            name='stl',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='stl_agreements', to='workgroups.body', verbose_name='secretariado'),
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.UniqueConstraint(fields=('stl', 'code'), name='agreement_code_unique_per_stl', violation_error_code='duplicate', violation_error_message='Ya existe un acuerdo con esa clave en este secretariado.'),
        ),
    ]
