"""The app's migrations up to the last one it replaces, in one: what a new database runs (written
from the models by makemigrations; a database that has run the replaced ones keeps them). The data
conversions of the replaced migrations are left out: they changed rows that a new database does
not have."""

import uuid

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('reports', '0001_initial'),
        ('reports', '0002_reportfile'),
        ('reports', '0003_report_signature_and_stl_report'),
        ('reports', '0004_report_file_internal_version'),
        ('reports', '0005_report_file_ogp_documents'),
    ]

    dependencies = [
        ('commitments', '0001_squashed_0007_route_phase_date_certainty'),
        ('workgroups', '0001_squashed_0008_merge_20261201_0024'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalProgrammeActivity',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('identifier', models.SlugField(blank=True, help_text='Identificador estable en los datos abiertos y en las direcciones web, p. ej. «stl-edomex». Se genera si se deja vacío.', max_length=100, verbose_name='identificador')),
                ('revision', models.PositiveIntegerField(default=0, editable=False, verbose_name='revisión')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='actualizado')),
                ('year', models.PositiveSmallIntegerField(verbose_name='año')),
                ('unit', models.CharField(blank=True, help_text='p. ej. «Unidad de Transparencia»', max_length=200, verbose_name='unidad')),
                ('programme', models.CharField(default='Programa Anual de Actividades', max_length=200, verbose_name='programa')),
                ('code', models.CharField(help_text='p. ej. «140109»', max_length=40, verbose_name='clave de la actividad')),
                ('name', models.CharField(max_length=400, verbose_name='nombre de la actividad')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('institution', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workgroups.institution', verbose_name='institución')),
                ('stl', models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'kind': 'stl'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workgroups.body', verbose_name='secretariado')),
            ],
            options={
                'verbose_name': 'historical actividad del programa anual',
                'verbose_name_plural': 'historical actividades del programa anual',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalReportText',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('identifier', models.SlugField(blank=True, help_text='Identificador estable en los datos abiertos y en las direcciones web, p. ej. «stl-edomex». Se genera si se deja vacío.', max_length=100, verbose_name='identificador')),
                ('revision', models.PositiveIntegerField(default=0, editable=False, verbose_name='revisión')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='actualizado')),
                ('start_date', models.DateField(verbose_name='desde')),
                ('end_date', models.DateField(verbose_name='hasta')),
                ('opening', models.TextField(blank=True, verbose_name='palabras iniciales')),
                ('closing', models.TextField(blank=True, verbose_name='palabras finales')),
                ('place', models.CharField(blank=True, help_text='Donde se firma, p. ej. «Toluca de Lerdo, Estado de México».', max_length=200, verbose_name='lugar')),
                ('document_date', models.DateField(blank=True, help_text='Vacía: la fecha en que se genera.', null=True, verbose_name='fecha del documento')),
                ('signer_name', models.CharField(blank=True, max_length=200, verbose_name='nombre de quien firma')),
                ('signer_post', models.CharField(blank=True, help_text='p. ej. «Titular de la Unidad de Transparencia».', max_length=300, verbose_name='cargo de quien firma')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('institution', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workgroups.institution', verbose_name='institución')),
                ('stl', models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'kind': 'stl'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workgroups.body', verbose_name='secretariado')),
            ],
            options={
                'verbose_name': 'historical texto de informe',
                'verbose_name_plural': 'historical textos de informes',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ReportFile',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('activity', 'Informe de actividades'), ('end_of_commitment', 'Informe de fin de compromiso (OGP Local)'), ('inception', 'Informe de inicio (OGP Local)')], default='activity', max_length=20, verbose_name='documento')),
                ('start_date', models.DateField(blank=True, null=True, verbose_name='desde')),
                ('end_date', models.DateField(blank=True, null=True, verbose_name='hasta')),
                ('internal', models.BooleanField(default=False, help_text='Incluye las sesiones y reuniones reservadas; no se publica. Cada página lo dice.', verbose_name='versión interna')),
                ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='solicitado')),
                ('status', models.CharField(choices=[('queued', 'En cola'), ('running', 'En preparación'), ('done', 'Listo'), ('failed', 'No se pudo generar')], default='queued', max_length=10, verbose_name='estado')),
                ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='avance')),
                ('step', models.CharField(blank=True, max_length=200, verbose_name='paso')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='terminado')),
                ('file', models.FileField(blank=True, upload_to='informes/%Y/', verbose_name='archivo')),
                ('filename', models.CharField(blank=True, max_length=200, verbose_name='nombre del archivo')),
                ('fingerprint', models.CharField(blank=True, max_length=64, verbose_name='huella SHA-256')),
                ('error', models.TextField(blank=True, verbose_name='motivo')),
                ('commitment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='report_files', to='commitments.commitment', verbose_name='compromiso')),
                ('institution', models.ForeignKey(blank=True, help_text='Vacía: el informe anual del secretariado.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='report_files', to='workgroups.institution', verbose_name='institución')),
                ('plan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='report_files', to='commitments.actionplan', verbose_name='plan de acción')),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='solicitado por')),
                ('stl', models.ForeignKey(limit_choices_to={'kind': 'stl'}, on_delete=django.db.models.deletion.PROTECT, related_name='report_files', to='workgroups.body', verbose_name='secretariado')),
            ],
            options={
                'verbose_name': 'PDF de informe',
                'verbose_name_plural': 'PDF de informes',
                'ordering': ['-requested_at'],
            },
        ),
        migrations.CreateModel(
            name='ProgrammeActivity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('identifier', models.SlugField(blank=True, help_text='Identificador estable en los datos abiertos y en las direcciones web, p. ej. «stl-edomex». Se genera si se deja vacío.', max_length=100, unique=True, verbose_name='identificador')),
                ('revision', models.PositiveIntegerField(default=0, editable=False, verbose_name='revisión')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='actualizado')),
                ('year', models.PositiveSmallIntegerField(verbose_name='año')),
                ('unit', models.CharField(blank=True, help_text='p. ej. «Unidad de Transparencia»', max_length=200, verbose_name='unidad')),
                ('programme', models.CharField(default='Programa Anual de Actividades', max_length=200, verbose_name='programa')),
                ('code', models.CharField(help_text='p. ej. «140109»', max_length=40, verbose_name='clave de la actividad')),
                ('name', models.CharField(max_length=400, verbose_name='nombre de la actividad')),
                ('institution', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='programme_activities', to='workgroups.institution', verbose_name='institución')),
                ('stl', models.ForeignKey(limit_choices_to={'kind': 'stl'}, on_delete=django.db.models.deletion.PROTECT, related_name='programme_activities', to='workgroups.body', verbose_name='secretariado')),
            ],
            options={
                'verbose_name': 'actividad del programa anual',
                'verbose_name_plural': 'actividades del programa anual',
                'ordering': ['-year', 'institution', 'code'],
                'constraints': [models.UniqueConstraint(fields=('institution', 'year', 'code'), name='programme_activity_unique', violation_error_code='programme_activity_unique', violation_error_message='Esa institución ya tiene una actividad con esa clave en ese año.')],
            },
        ),
        migrations.CreateModel(
            name='ReportText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('identifier', models.SlugField(blank=True, help_text='Identificador estable en los datos abiertos y en las direcciones web, p. ej. «stl-edomex». Se genera si se deja vacío.', max_length=100, unique=True, verbose_name='identificador')),
                ('revision', models.PositiveIntegerField(default=0, editable=False, verbose_name='revisión')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='actualizado')),
                ('start_date', models.DateField(verbose_name='desde')),
                ('end_date', models.DateField(verbose_name='hasta')),
                ('opening', models.TextField(blank=True, verbose_name='palabras iniciales')),
                ('closing', models.TextField(blank=True, verbose_name='palabras finales')),
                ('place', models.CharField(blank=True, help_text='Donde se firma, p. ej. «Toluca de Lerdo, Estado de México».', max_length=200, verbose_name='lugar')),
                ('document_date', models.DateField(blank=True, help_text='Vacía: la fecha en que se genera.', null=True, verbose_name='fecha del documento')),
                ('signer_name', models.CharField(blank=True, max_length=200, verbose_name='nombre de quien firma')),
                ('signer_post', models.CharField(blank=True, help_text='p. ej. «Titular de la Unidad de Transparencia».', max_length=300, verbose_name='cargo de quien firma')),
                ('institution', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='report_texts', to='workgroups.institution', verbose_name='institución')),
                ('stl', models.ForeignKey(limit_choices_to={'kind': 'stl'}, on_delete=django.db.models.deletion.PROTECT, related_name='report_texts', to='workgroups.body', verbose_name='secretariado')),
            ],
            options={
                'verbose_name': 'texto de informe',
                'verbose_name_plural': 'textos de informes',
                'ordering': ['-start_date', 'institution'],
                'constraints': [models.UniqueConstraint(fields=('institution', 'stl', 'start_date', 'end_date'), name='report_text_unique_per_period', violation_error_code='report_text_unique_per_period', violation_error_message='Ya hay textos para esa institución y ese periodo.'), models.UniqueConstraint(condition=models.Q(('institution', None)), fields=('stl', 'start_date', 'end_date'), name='report_text_unique_per_period_of_stl', violation_error_code='report_text_unique_per_period_of_stl', violation_error_message='Ya hay textos del secretariado para ese periodo.')],
            },
        ),
    ]
